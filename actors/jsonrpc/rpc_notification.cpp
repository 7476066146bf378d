#include "actors/jsonrpc/rpc_notification.hpp"

#include "actors/jsonrpc/rpc_outcome.hpp"
#include "protocols/jsonrpc/json_text.hpp"

namespace switchyard {

bool is_subscription_method(std::string_view method) noexcept {
  return method == "eth_subscribe" || method == "eth_unsubscribe";
}

std::optional<provider_notification> read_notification(std::string_view text,
                                                       std::size_t max_depth) {
  using jsonrpc::json_kind;
  if (jsonrpc::validate_json(text, max_depth))
    return std::nullopt;
  auto value = jsonrpc::trim_json(text);
  if (jsonrpc::kind_of(value) != json_kind::object)
    return std::nullopt;
  provider_notification n;
  std::string_view params;
  for (auto& m : jsonrpc::members_of(value)) {
    if (m.name == "id")
      return std::nullopt; // an answer, not a notification (JSON-RPC 2.0 §4.1)
    if (m.name == "method" && jsonrpc::kind_of(m.value) == json_kind::string)
      n.method = jsonrpc::unescape_string(m.value);
    else if (m.name == "params")
      params = m.value;
  }
  if (n.method.empty() || jsonrpc::kind_of(params) != json_kind::object)
    return std::nullopt;
  bool has_id = false;
  for (auto& m : jsonrpc::members_of(params)) {
    if (m.name == "subscription" && jsonrpc::kind_of(m.value) == json_kind::string) {
      n.subscription = jsonrpc::unescape_string(m.value);
      has_id = true;
    } else if (m.name == "result") {
      n.result = m.value;
    }
  }
  if (!has_id || n.result.empty())
    return std::nullopt;
  return n;
}

void append_client_notification(std::string& out, const provider_notification& n,
                                std::string_view client_id) {
  out += R"({"jsonrpc":"2.0","method":)";
  jsonrpc::append_json_string(out, n.method);
  out += R"(,"params":{"subscription":)";
  jsonrpc::append_json_string(out, client_id);
  out += R"(,"result":)";
  out += n.result;
  out += "}}";
}

void append_ended_notification(std::string& out, std::string_view client_id,
                               const jsonrpc::error_object& error) {
  out += R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":)";
  jsonrpc::append_json_string(out, client_id);
  out += R"(,"error":)";
  jsonrpc::append_error_object(out, error);
  out += "}}";
}

jsonrpc::error_object subscription_ended(std::string_view network, std::string_view reason) {
  auto e = rpc_error_for(errc::upstream_unavailable, network, "eth_subscribe", reason);
  e.message = "Upstream unavailable: subscription ended";
  return e;
}

jsonrpc::error_object subscription_needs_websocket(std::string_view method) {
  return rpc_error_for(errc::no_route, {}, method,
                       "subscriptions need a WebSocket connection (ws:// or wss://)");
}

} // namespace switchyard
