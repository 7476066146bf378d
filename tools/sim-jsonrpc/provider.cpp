#include "tools/sim-jsonrpc/provider.hpp"

#include "protocols/http/http_response.hpp"

#include <boost/json/serialize.hpp>

namespace switchyard::rpc_sim {

namespace {

constexpr std::string_view json_type = "application/json";
constexpr std::string_view text_type = "text/plain";

double unit(std::mt19937_64& rng) {
  return std::uniform_real_distribution<double>{}(rng);
}

// A proper prefix of a JSON object or array is never valid JSON, so the truncated answer is
// malformed whatever it held, and looks like a body cut off in transit.
std::string malformed(const std::string& body) {
  return body.size() < 2 ? std::string{"{"} : body.substr(0, body.size() / 2);
}

// A whole HTTP/1.1 response from the simulator (its Server header names it).
std::string render_http(unsigned status, std::string_view content_type, std::string_view body,
                        bool keep_alive, std::string_view extra_headers = {}) {
  std::string out;
  http::append_response(out,
                        {.status = status,
                         .content_type = content_type,
                         .keep_alive = keep_alive,
                         .server = "sim-jsonrpc",
                         .extra_headers = extra_headers},
                        body);
  return out;
}

} // namespace

provider::provider(const provider_settings& settings, const chain& blocks, provider_stats& stats)
    : settings_(settings),
      blocks_(blocks),
      stats_(stats),
      handler_(blocks, settings.faults, "sim-jsonrpc/" + settings.name, stats) {}

planned_reply provider::answer_http(const http_request_view& request, std::mt19937_64& rng,
                                    chain::clock::time_point now) const {
  stats_.http_requests.fetch_add(1, std::memory_order_relaxed);
  const auto action = request.keep_alive ? reply_action::send : reply_action::send_and_close;
  if (request.method != "POST") {
    stats_.rejected.fetch_add(1, std::memory_order_relaxed);
    return {action,
            render_http(405, text_type, "use POST\n", request.keep_alive, "Allow: POST\r\n")};
  }
  if (!http::is_json_content_type(request.content_type)) {
    stats_.rejected.fetch_add(1, std::memory_order_relaxed);
    return {action, render_http(415, text_type, "use Content-Type: application/json\n",
                                request.keep_alive)};
  }
  const auto f = pick_fault(settings_.faults, unit(rng), transport::http);
  stats_.count(f);
  const auto delay = sim::draw_latency(settings_.latency, rng);
  switch (f) {
    case fault::drop:
      return {reply_action::close, {}, delay};
    case fault::hang:
      return {reply_action::hang, {}, delay};
    case fault::http_429:
      return {action, render_http(429, text_type, {}, request.keep_alive, "Retry-After: 1\r\n"),
              delay};
    case fault::http_5xx:
      return {action, render_http(503, text_type, "simulated unavailability\n", request.keep_alive),
              delay};
    case fault::none:
    case fault::malformed:
      break;
  }
  const call_scope scope{blocks_.head(now), nullptr, &rng};
  auto body = handler_.answer(request.body, scope);
  if (f == fault::malformed)
    return {action, render_http(200, json_type, malformed(body), request.keep_alive), delay};
  // JSON-RPC 2.0 §6: nothing to answer; over HTTP that is 204 No Content.
  const unsigned status = body.empty() ? 204 : 200;
  return {action, render_http(status, json_type, body, request.keep_alive), delay};
}

planned_reply provider::reject_http(unsigned status, std::string_view why) const {
  stats_.http_requests.fetch_add(1, std::memory_order_relaxed);
  stats_.rejected.fetch_add(1, std::memory_order_relaxed);
  return {reply_action::send_and_close,
          render_http(status, text_type, std::string(why) + "\n", false)};
}

planned_reply provider::answer_ws(std::string_view text, subscriptions& subs, std::mt19937_64& rng,
                                  chain::clock::time_point now) const {
  stats_.ws_messages.fetch_add(1, std::memory_order_relaxed);
  const auto f = pick_fault(settings_.faults, unit(rng), transport::websocket);
  stats_.count(f);
  const auto delay = sim::draw_latency(settings_.latency, rng);
  if (f == fault::drop)
    return {reply_action::close, {}, delay};
  if (f == fault::hang)
    return {reply_action::hang, {}, delay};
  const call_scope scope{blocks_.head(now), &subs, &rng};
  auto body = handler_.answer(text, scope);
  return {reply_action::send, f == fault::malformed ? malformed(body) : std::move(body), delay};
}

std::string provider::new_head(std::string_view id, std::uint64_t block) const {
  stats_.heads_pushed.fetch_add(1, std::memory_order_relaxed);
  std::string out = R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":)";
  out += boost::json::serialize(boost::json::string_view(id));
  out += R"(,"result":)";
  out += boost::json::serialize(blocks_.header(block));
  out += "}}";
  return out;
}

} // namespace switchyard::rpc_sim
