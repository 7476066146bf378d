#include "actors/jsonrpc/rpc_protocol.hpp"

#include "actors/io/log.hpp"
#include "actors/io/tls_context.hpp"
#include "actors/jsonrpc/rpc_exchange.hpp"
#include "actors/jsonrpc/rpc_session.hpp"
#include "actors/jsonrpc/rpc_upstream.hpp"
#include "actors/jsonrpc/rpc_ws_upstream.hpp"

#include <boost/asio/io_context.hpp>

namespace switchyard {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// A network's way in: calls to its HTTP upstream, subscriptions to its WebSocket one.
class rpc_port final : public network_port, public subscription_port {
public:
  rpc_port(std::shared_ptr<rpc_upstream> calls, std::shared_ptr<rpc_ws_upstream> feeds)
      : calls_(std::move(calls)), feeds_(std::move(feeds)) {}

  void forward(std::vector<exchange_ptr> exchanges) override {
    calls_->forward(std::move(exchanges));
  }

  void subscribe(rpc_exchange_ptr x, std::string client_id,
                 std::weak_ptr<subscription_sink> sink) override {
    feeds_->subscribe(std::move(x), std::move(client_id), std::move(sink));
  }

  void unsubscribe(std::string client_id, rpc_exchange_ptr x) override {
    feeds_->unsubscribe(std::move(client_id), std::move(x));
  }

private:
  std::shared_ptr<rpc_upstream> calls_;
  std::shared_ptr<rpc_ws_upstream> feeds_;
};

// A network's upstreams as its connector owns them.
class rpc_network final : public network_path {
public:
  rpc_network(std::shared_ptr<rpc_upstream> upstream, std::shared_ptr<rpc_ws_upstream> feeds)
      : upstream_(std::move(upstream)),
        feeds_(std::move(feeds)),
        port_(std::make_shared<rpc_port>(upstream_, feeds_)) {}

  std::shared_ptr<network_port> port() override { return port_; }

  std::string start() override {
    upstream_->start();
    return {};
  }

  void stop() override {
    upstream_->stop();
    feeds_->stop();
  }

  network_numbers numbers() const override { return upstream_->numbers(); }

  void reset_breakers(std::vector<std::size_t> hosts) override {
    upstream_->reset_breakers(std::move(hosts));
  }

private:
  std::shared_ptr<rpc_upstream> upstream_;
  std::shared_ptr<rpc_ws_upstream> feeds_;
  std::shared_ptr<rpc_port> port_;
};

// A client listener as its listener actor owns it: the shared acceptor running one HTTP
// session per connection (which may become a WebSocket session).
class rpc_clients final : public listener_path {
public:
  rpc_clients(net::io_context& io, std::shared_ptr<rpc_listener_context> ctx)
      : ctx_(std::move(ctx)) {
    session_factory sessions;
    sessions.plain = [c = ctx_](tcp::socket socket) {
      auto s = std::make_shared<plain_rpc_session>(std::move(socket), c);
      s->run();
      return std::static_pointer_cast<connection_session>(s);
    };
    sessions.tls = [c = ctx_](net::ssl::stream<tcp::socket> stream) {
      auto s = std::make_shared<tls_rpc_session>(std::move(stream), c);
      s->run();
      return std::static_pointer_cast<connection_session>(s);
    };
    acceptor_ = std::make_unique<acceptor>(io, ctx_->settings, ctx_->tls, ctx_->counters,
                                           std::move(sessions));
  }

  ~rpc_clients() override { acceptor_->stop(); }

  std::string start() { return acceptor_->start(); }

  std::uint16_t port() const noexcept override { return acceptor_->port(); }

  bool is_tls() const noexcept override { return ctx_->tls != nullptr; }

  void stop() override { acceptor_->stop(); }

  void drain() override { acceptor_->drain(); }

  bool is_drained() const noexcept override { return acceptor_->is_drained(); }

  listener_numbers numbers() const override {
    const auto& c = ctx_->counters;
    auto n = connection_numbers(c);
    n.requests = c.requests.load();
    n.responses = c.responses.load();
    n.format_errors = c.invalid.load();
    n.rejected_frames = c.refused.load();
    n.upgrades = c.upgrades.load();
    n.notifications = c.notifications.load();
    return n;
  }

private:
  std::shared_ptr<rpc_listener_context> ctx_;
  std::unique_ptr<acceptor> acceptor_;
};

// A relayed call was checked against its listener's limits by the node that read it.
constexpr jsonrpc::limits relayed_limits{std::size_t{1} << 30, 64, 1};

class rpc_factory final : public protocol_factory {
public:
  std::string relay_request(const exchange& x) const override {
    const auto& c = static_cast<const rpc_exchange&>(x).call();
    std::string out;
    jsonrpc::append_request(out, c.id, c.method, c.params);
    return out;
  }

  bool answer_relayed(exchange& x, std::string_view answer) const override {
    auto& call = static_cast<rpc_exchange&>(x);
    if (answer.empty()) { // a notification: no answer is owed
      call.settle_notification();
      return true;
    }
    std::string problem;
    auto response = jsonrpc::parse_response(answer, relayed_limits.max_depth, problem);
    if (!response)
      return false;
    if (!response->error.empty())
      call.answer_error(response->error);
    else
      call.answer_result(response->result);
    return true;
  }

  exchange_ptr accept_relayed(const std::string& network, std::string_view request,
                              relayed_reply reply, std::string& error) const override {
    auto batch
      = std::make_shared<rpc_batch>(std::string{request}, relayed_limits,
                                    [reply = std::move(reply)](std::string body, bool empty) {
                                      reply(empty ? std::string{} : std::move(body), nullptr);
                                    });
    if (batch->error() || batch->calls().size() != 1 || batch->calls().front().error) {
      error = "not one JSON-RPC call";
      return nullptr;
    }
    return make_exchange<rpc_exchange>(std::move(batch), 0, network);
  }

  std::string make_network(const network_setup& setup,
                           std::shared_ptr<network_path>& out) const override {
    rpc_upstream_setup up;
    up.network = setup.network;
    if (setup.network.tls.enabled) {
      auto made = make_client_tls(setup.network.tls);
      if (!made.context)
        return made.error;
      if (!made.notice.text.empty())
        log(made.notice.expired ? log_level::error : log_level::warn, setup.network.name,
            made.notice.text);
      up.tls = made.context;
    }
    up.events = setup.events;
    up.tally = setup.tally;
    auto tls = up.tls;
    auto calls = make_rpc_upstream(*setup.io, std::move(up));
    // A provider with no HTTP connection up, or whose breaker is open, fails its calls:
    // subscriptions go elsewhere.
    auto calls_down = [weak = std::weak_ptr<rpc_upstream>(calls)] {
      std::vector<bool> down;
      if (auto c = weak.lock())
        for (const auto& host : c->numbers().hosts)
          down.push_back(host.up == 0 || host.breaker == core::breaker_state::open);
      return down;
    };
    auto feeds = make_rpc_ws_upstream(*setup.io, setup.network, std::move(tls), calls_down);
    out = std::make_shared<rpc_network>(std::move(calls), std::move(feeds));
    return {};
  }

  std::string start_listener(const listener_setup& setup,
                             std::shared_ptr<listener_path>& out) const override {
    auto ctx = std::make_shared<rpc_listener_context>();
    const auto& s = setup.listener;
    if (s.tls.enabled) {
      auto made = make_server_tls(s.tls);
      if (!made.context)
        return made.error;
      if (!made.notice.text.empty())
        log(made.notice.expired ? log_level::error : log_level::warn, s.name, made.notice.text);
      ctx->tls = made.context;
    }
    ctx->settings = s;
    ctx->limits.max_body_bytes = s.max_frame_bytes;
    ctx->routes = setup.routes;
    auto clients = std::make_shared<rpc_clients>(*setup.io, ctx);
    if (auto error = clients->start(); !error.empty())
      return error;
    out = std::move(clients);
    return {};
  }
};

} // namespace

const protocol_factory& jsonrpc_protocol() {
  static const rpc_factory factory;
  return factory;
}

} // namespace switchyard
