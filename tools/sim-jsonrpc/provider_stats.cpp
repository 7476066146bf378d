#include "tools/sim-jsonrpc/provider_stats.hpp"

namespace switchyard::rpc_sim {

namespace {

void add(std::string& out, std::string_view name, const provider_stats::counter& value) {
  if (!out.empty() && out.back() != ' ')
    out += ' ';
  out.append(name).append("=").append(std::to_string(value.load(std::memory_order_relaxed)));
}

} // namespace

void provider_stats::count(method_id m) noexcept {
  calls.fetch_add(1, std::memory_order_relaxed);
  by_method[static_cast<std::size_t>(m)].fetch_add(1, std::memory_order_relaxed);
}

void provider_stats::count(fault f) noexcept {
  by_fault[static_cast<std::size_t>(f)].fetch_add(1, std::memory_order_relaxed);
}

std::string to_string(const provider_stats& s) {
  std::string out;
  add(out, "connections", s.connections);
  add(out, "http_requests", s.http_requests);
  add(out, "websockets", s.websockets);
  add(out, "ws_messages", s.ws_messages);
  add(out, "rejected", s.rejected);
  add(out, "calls", s.calls);
  add(out, "invalid", s.invalid);
  add(out, "errors", s.errors);
  add(out, "notifications", s.notifications);
  add(out, "heads_pushed", s.heads_pushed);
  out += " methods:";
  for (std::size_t i = 0; i < method_count; ++i)
    add(out, to_string(static_cast<method_id>(i)), s.by_method[i]);
  out += " faults:";
  for (std::size_t i = 0; i < fault_count; ++i)
    add(out, to_string(static_cast<fault>(i)), s.by_fault[i]);
  return out;
}

} // namespace switchyard::rpc_sim
