#include "tools/sim-jsonrpc/server_context.hpp"

#include "tools/sim-iso8583/sim_stats.hpp"

namespace switchyard::rpc_sim {

void log_event(const server_context& ctx, std::uint64_t id, std::string_view text) {
  auto line = "sim-jsonrpc[" + ctx.settings.name + "]";
  if (id != 0)
    line += " #" + std::to_string(id);
  sim::log_line(line.append(": ").append(text));
}

} // namespace switchyard::rpc_sim
