// What a JSON-RPC session does with a request read whole: HTTP checks (method, content type,
// CORS, path), the upgrade to a WebSocket, and the calls routed to their networks in one
// hand-over each. (Reading is rpc_session.cpp, answering rpc_session_answers.cpp.)

#include "actors/io/log_limiter.hpp"
#include "actors/jsonrpc/rpc_log_fields.hpp"
#include "actors/jsonrpc/rpc_notification.hpp"
#include "actors/jsonrpc/rpc_outcome.hpp"
#include "actors/jsonrpc/rpc_path.hpp"
#include "actors/jsonrpc/rpc_session.hpp"
#include "actors/jsonrpc/rpc_ws_session.hpp"
#include "protocols/http/http_response.hpp"
#include "protocols/jsonrpc/json_text.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace switchyard {

namespace bhttp = boost::beast::http;

namespace {

// The CORS header lines for a request from `origin`, when the listener allows it.
std::string cors_headers(const config::listener_settings& settings, std::string_view origin) {
  if (origin.empty() || settings.cors_origins.empty())
    return {};
  for (const auto& allowed : settings.cors_origins) {
    if (allowed == "*")
      return "Access-Control-Allow-Origin: *\r\n";
    if (allowed == origin)
      return "Access-Control-Allow-Origin: " + allowed + "\r\nVary: Origin\r\n";
  }
  return {};
}

} // namespace

template <class Stream>
void rpc_session<Stream>::handle(request req) {
  auto& counters = ctx_->counters;
  counters.requests.fetch_add(1, std::memory_order_relaxed);
  auto seq = first_seq_ + slots_.size();
  auto& s = slots_.emplace_back();
  s.version = req.version();
  s.close = !req.keep_alive();
  s.headers = cors_headers(ctx_->settings, req[bhttp::field::origin]);
  if (draining_)
    s.close = true;
  if (boost::beast::websocket::is_upgrade(req) && slots_.size() == 1 && !draining_) {
    slots_.pop_back();
    return upgrade(std::move(req));
  }
  // The client's last request (Connection: close, or HTTP/1.0 without keep-alive): no read
  // waits behind it, so the connection closes once its answer is written (RFC 9112 §9.6).
  if (s.close)
    read_closed_ = true;

  const auto& settings = ctx_->settings;
  if (req.method() == bhttp::verb::options && !settings.cors_origins.empty()) {
    // A browser's preflight: which methods and headers a cross-origin call may use.
    s.headers += "Access-Control-Allow-Methods: POST, OPTIONS\r\n"
                 "Access-Control-Allow-Headers: Content-Type\r\n"
                 "Access-Control-Max-Age: 86400\r\n";
    return answer(seq, 204, {});
  }
  if (req.method() != bhttp::verb::post) {
    auto allow = settings.cors_origins.empty() ? "Allow: POST\r\n" : "Allow: POST, OPTIONS\r\n";
    return answer_http_error(seq, 405, allow,
                             rpc_error_body(jsonrpc::invalid_request("only POST is served")));
  }
  if (!http::is_json_content_type(req[bhttp::field::content_type]))
    return answer_http_error(
      seq, 415, {},
      rpc_error_body(jsonrpc::invalid_request("Content-Type must be application/json")));
  snapshot_ = ctx_->routes->load();
  auto target = read_rpc_path(req.target(), snapshot_->table);
  if (!target.found)
    return answer_http_error(seq, 404, {}, no_such_network_body(req.target()));

  auto batch = std::make_shared<rpc_batch>(
    std::move(req.body()), ctx_->limits,
    [self = this->shared_from_this(), seq](std::string body, bool empty) {
      boost::asio::post(self->stream_.get_executor(),
                        [self, seq, body = std::move(body), empty]() mutable {
                          self->on_batch_answer(seq, std::move(body), empty);
                        });
    });
  if (const auto& error = batch->error()) {
    counters.invalid.fetch_add(1, std::memory_order_relaxed);
    // Clients sending garbage send a lot of it: a line a second, the rest counted.
    log_limited(counters.log_limits, log_level::info, ctx_->settings.name, "invalid body",
                "refused a request body: " + error->message);
    snapshot_.reset();
    return answer(seq, 200, rpc_error_body(*error));
  }
  counters.calls.fetch_add(batch->calls().size(), std::memory_order_relaxed);
  route(batch, target.index);
}

// The connection becomes a WebSocket (RFC 6455): this session keeps nothing but the
// listener's handle on it, which close() and drain() pass on.
template <class Stream>
void rpc_session<Stream>::upgrade(request req) {
  read_closed_ = true;
  closed_ = true;
  timer_.cancel();
  auto ws
    = std::make_shared<rpc_ws_session<Stream>>(std::move(stream_), ctx_, this->shared_from_this());
  upgraded_ = ws;
  ws->run(std::move(req));
}

// Routes each call and hands every network its calls in one batch. Notifications still go
// upstream, but the client's answer does not wait for them.
template <class Stream>
void rpc_session<Stream>::route(const std::shared_ptr<rpc_batch>& batch,
                                std::optional<std::size_t> by_path) {
  const auto& table = snapshot_->table;
  const auto& calls = batch->calls();
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const auto& call = calls[i];
    if (call.error) {
      ctx_->counters.invalid.fetch_add(1, std::memory_order_relaxed);
      log_limited(ctx_->counters.log_limits, log_level::info, ctx_->settings.name, "invalid call",
                  rpc_id_fields(call.id), "refused a call: " + call.error->message);
      std::string out;
      jsonrpc::append_error(out, call.id, *call.error);
      batch->fill(i, std::move(out));
      continue;
    }
    if (is_subscription_method(call.method)) {
      std::string out;
      if (!call.is_notification())
        jsonrpc::append_error(out, call.id, subscription_needs_websocket(call.method));
      batch->fill(i, std::move(out));
      continue;
    }
    auto decision = by_path ? table.route_to(*by_path) : table.route_method(call.method);
    network_port* port = nullptr;
    if (decision.is_routed() && decision.network < snapshot_->ports.size())
      port = snapshot_->ports[decision.network].get();
    if (port == nullptr) {
      auto outcome = decision.outcome == core::route_outcome::no_route ? errc::no_route
                                                                       : errc::upstream_unavailable;
      // Answered here, it reaches no network's data path: counted for its network here.
      if (outcome == errc::upstream_unavailable)
        count_unavailable(snapshot_->tallies, decision);
      std::string out;
      if (!call.is_notification())
        jsonrpc::append_error(out, call.id,
                              rpc_error_for(outcome, decision.matched_network_name, call.method));
      batch->fill(i, std::move(out));
      continue;
    }
    auto x = make_exchange<rpc_exchange>(batch, i, std::string{decision.network_name});
    if (call.is_notification())
      notifications_.push_back(x);
    auto it = std::find_if(batches_.begin(), batches_.end(),
                           [&](const auto& b) { return b.first == port; });
    if (it == batches_.end())
      batches_.emplace_back(port, std::vector<exchange_ptr>{std::move(x)});
    else
      it->second.push_back(std::move(x));
  }
  // The snapshot held until here keeps every port alive until its batch is handed over.
  for (auto& [port, exchanges] : batches_)
    port->forward(std::move(exchanges));
  batches_.clear();
  snapshot_.reset();
  for (auto& n : notifications_)
    n->settle_notification();
  notifications_.clear();
}

// The members defined here, for both kinds of session (explicit instantiation of members
// does not check access).
template void rpc_session<boost::asio::ip::tcp::socket>::handle(request req);
template void rpc_session<boost::asio::ip::tcp::socket>::upgrade(request req);
template void
rpc_session<boost::asio::ip::tcp::socket>::route(const std::shared_ptr<rpc_batch>& batch,
                                                 std::optional<std::size_t> by_path);
template void
rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::handle(request req);
template void
rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::upgrade(request req);
template void rpc_session<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>::route(
  const std::shared_ptr<rpc_batch>& batch, std::optional<std::size_t> by_path);

} // namespace switchyard
