#include "tools/sim-jsonrpc/rpc_handler.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace switchyard::rpc_sim {

namespace json = boost::json;

namespace {

constexpr std::string_view envelope = R"({"jsonrpc":"2.0","id":)";

// Boost.JSON writes every double with an exponent ("2.5E0"); the shortest round-trip form
// ("2.5") is what clients sent in practice. Integers are written as they came.
void append_id(std::string& out, const json::value& id) {
  if (id.is_double() && std::isfinite(id.get_double())) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), id.get_double());
    if (ec == std::errc{})
      return static_cast<void>(out.append(buffer, end));
  }
  out += json::serialize(id);
}

void separate(std::string& out) {
  if (!out.empty() && out.back() != '[')
    out += ',';
}

void append_error(std::string& out, const json::value& id, int code, std::string_view message,
                  std::string_view data = {}) {
  separate(out);
  out += envelope;
  append_id(out, id);
  out += R"(,"error":{"code":)";
  out += std::to_string(code);
  out += R"(,"message":)";
  out += json::serialize(json::string_view(message));
  if (!data.empty()) {
    out += R"(,"data":)";
    out += json::serialize(json::string_view(data));
  }
  out += "}}";
}

void append_result(std::string& out, const json::value& id, const json::value& result) {
  separate(out);
  out += envelope;
  append_id(out, id);
  out += R"(,"result":)";
  out += json::serialize(result);
  out += '}';
}

// JSON-RPC 2.0 §4: an id is a string, a number or null.
bool is_valid_id(const json::value& id) {
  return id.is_string() || id.is_number() || id.is_null();
}

// Why `request` is not a JSON-RPC 2.0 request object (§4), or nothing when it is one.
std::string_view why_invalid(const json::object& request) {
  const auto* version = request.if_contains("jsonrpc");
  if (!version || !version->is_string() || version->get_string() != "2.0")
    return "jsonrpc must be \"2.0\"";
  const auto* method = request.if_contains("method");
  if (!method || !method->is_string())
    return "method must be a string";
  const auto* params = request.if_contains("params");
  if (params && !params->is_array() && !params->is_object())
    return "params must be an array or an object";
  const auto* id = request.if_contains("id");
  if (id && !is_valid_id(*id))
    return "id must be a string, a number or null";
  return {};
}

} // namespace

rpc_handler::rpc_handler(const chain& blocks, const fault_rates& rates, std::string client_version,
                         provider_stats& stats)
    : blocks_(blocks), rates_(rates), client_version_(std::move(client_version)), stats_(stats) {}

std::string rpc_handler::answer(std::string_view body, const call_scope& scope) const {
  // Most bodies fit: parsing then allocates nothing from the heap.
  unsigned char storage[16384];
  unsigned char parser_stack[1024];
  json::monotonic_resource memory{storage, sizeof(storage)};
  json::parser parser{{}, {}, parser_stack};
  parser.reset(&memory);
  boost::system::error_code ec;
  const auto consumed = parser.write(body.data(), body.size(), ec);
  std::string out;
  if (ec) {
    stats_.invalid.fetch_add(1, std::memory_order_relaxed);
    append_error(out, nullptr, parse_error, "Parse error",
                 ec.message() + " at byte " + std::to_string(consumed));
    return out;
  }
  const auto request = parser.release();
  if (!request.is_array()) {
    answer_one(request, scope, out);
    return out;
  }
  const auto& batch = request.get_array();
  // §6: an empty batch is one Invalid Request, not an empty array.
  if (batch.empty()) {
    stats_.invalid.fetch_add(1, std::memory_order_relaxed);
    append_error(out, nullptr, invalid_request, "Invalid Request", "empty batch");
    return out;
  }
  out += '[';
  for (const auto& member : batch)
    answer_one(member, scope, out);
  if (out.size() == 1)
    return {};
  out += ']';
  return out;
}

void rpc_handler::answer_one(const json::value& request, const call_scope& scope,
                             std::string& out) const {
  const auto* object = request.if_object();
  const auto why = object ? why_invalid(*object) : std::string_view{"not a request object"};
  if (!why.empty()) {
    stats_.invalid.fetch_add(1, std::memory_order_relaxed);
    const auto* id = object ? object->if_contains("id") : nullptr;
    append_error(out, id && is_valid_id(*id) ? *id : json::value{}, invalid_request,
                 "Invalid Request", why);
    return;
  }
  const auto method = find_method(object->at("method").get_string());
  stats_.count(method);
  const auto* id = object->if_contains("id");
  // §4.1: a notification is never answered, not even with an error, so it is not run.
  if (!id) {
    stats_.notifications.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (rates_.error > 0
      && is_simulated_error(rates_, std::uniform_real_distribution<double>{}(*scope.rng))) {
    stats_.errors.fetch_add(1, std::memory_order_relaxed);
    return append_error(out, *id, server_error, "simulated failure");
  }
  const auto* params = object->if_contains("params");
  const method_env env{blocks_, scope.head, client_version_, scope.subs, scope.rng};
  const auto result = call_method(method, params ? *params : json::value{}, env);
  if (result.code != 0)
    return append_error(out, *id, result.code, result.message);
  append_result(out, *id, result.result);
}

} // namespace switchyard::rpc_sim
