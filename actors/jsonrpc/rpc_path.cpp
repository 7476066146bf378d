#include "actors/jsonrpc/rpc_path.hpp"

#include "actors/jsonrpc/rpc_outcome.hpp"

namespace switchyard {

namespace {

// The path without its query string and trailing slashes.
std::string_view path_of(std::string_view target) {
  target = target.substr(0, target.find('?'));
  while (target.size() > 1 && target.back() == '/')
    target.remove_suffix(1);
  return target;
}

} // namespace

rpc_path read_rpc_path(std::string_view target, const core::routing_table& table) {
  auto path = path_of(target);
  if (path.empty() || path == "/")
    return {};
  auto name = path.substr(1);
  auto index = table.find(name);
  if (!index || table.protocol(*index) != config::protocol_kind::jsonrpc)
    return {false, name, {}};
  return {true, name, index};
}

std::string no_such_network_body(std::string_view target) {
  auto path = path_of(target);
  auto error = rpc_error_for(errc::unknown_network, path.substr(path.empty() ? 0 : 1), {});
  error.message = "No such network";
  return rpc_error_body(error);
}

} // namespace switchyard
