#include "actors/jsonrpc/rpc_ws_upstream.hpp"

#include "actors/io/log.hpp"
#include "actors/io/strand.hpp"
#include "actors/jsonrpc/rpc_notification.hpp"
#include "actors/jsonrpc/rpc_subscription_hosts.hpp"
#include "actors/jsonrpc/rpc_ws_link.hpp"
#include "protocols/jsonrpc/json_text.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <charconv>
#include <deque>
#include <optional>
#include <unordered_map>

namespace switchyard {

namespace net = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t max_depth = 64;
constexpr auto ws_idle_timeout = std::chrono::seconds(30);

std::string token_text(std::uint64_t token) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), token);
  return {digits, end};
}

std::optional<std::uint64_t> token_of(std::string_view id) {
  std::uint64_t token = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), token);
  if (ec != std::errc{} || end != id.data() + id.size())
    return std::nullopt;
  return token;
}

// The params of eth_unsubscribe: [ID].
std::string id_params(std::string_view id) {
  std::string out = "[";
  jsonrpc::append_json_string(out, id);
  out += ']';
  return out;
}

std::string quoted(std::string_view text) {
  std::string out;
  jsonrpc::append_json_string(out, text);
  return out;
}

class rpc_ws_upstream_impl final : public rpc_ws_upstream,
                                   public rpc_ws_link_events,
                                   public std::enable_shared_from_this<rpc_ws_upstream_impl> {
public:
  rpc_ws_upstream_impl(net::io_context& io, config::network_settings network,
                       std::shared_ptr<net::ssl::context> tls, calls_down_source calls_down)
      : strand_(net::make_strand(io)),
        network_(std::move(network)),
        tls_(std::move(tls)),
        sweep_timer_(strand_),
        hosts_(network_.hosts.size()),
        choice_(std::max<std::size_t>(network_.hosts.size(), 1)),
        calls_down_(std::move(calls_down)) {}

  // subscription_port and rpc_ws_upstream (any thread).
  void subscribe(rpc_exchange_ptr x, std::string client_id,
                 std::weak_ptr<subscription_sink> sink) override {
    net::post(strand_, [self = shared_from_this(), x = std::move(x), id = std::move(client_id),
                        sink = std::move(sink)]() mutable {
      self->on_subscribe(std::move(x), std::move(id), std::move(sink));
    });
  }

  void unsubscribe(std::string client_id, rpc_exchange_ptr x) override {
    net::post(strand_, [self = shared_from_this(), id = std::move(client_id),
                        x = std::move(x)]() mutable { self->on_unsubscribe(id, std::move(x)); });
  }

  void stop() override {
    net::post(strand_, [self = shared_from_this()] { self->close(); });
  }

  // rpc_ws_link_events (on the strand).
  void on_ws_up(std::size_t host) override {
    auto& h = hosts_[host];
    choice_.up(host);
    auto waiting = std::move(h.waiting);
    h.waiting.clear();
    for (auto& p : waiting)
      send_call(host, std::move(p));
  }

  void on_ws_down(std::size_t host, std::string reason, bool was_up) override {
    auto now = clock::now();
    auto& h = hosts_[host];
    auto why = provider(host) + ": " + reason;
    net::post(strand_, [link = std::move(h.link)] { link->stop(); });
    h.link = nullptr;
    choice_.down(host, was_up, now);
    auto waiting = std::move(h.waiting);
    h.waiting.clear();
    for (auto& [token, p] : h.sent)
      lose(std::move(p), why);
    h.sent.clear();
    end_all(registry_.remove_host(host), why);
    if (was_up) {
      for (auto& p : waiting)
        lose(std::move(p), why);
      return;
    }
    // It could not be reached: what waited for it tries another provider, if one is left.
    for (auto& p : waiting) {
      auto next = choose(now);
      if (choice_.is_resting(next, now))
        lose(std::move(p), why);
      else
        dispatch(next, std::move(p));
    }
  }

  void on_ws_message(std::size_t host, std::string text) override {
    if (auto n = read_notification(text, max_depth))
      return relay(host, *n);
    std::string problem;
    auto answer = jsonrpc::parse_response(text, max_depth, problem);
    auto token = answer ? token_of(answer->id) : std::nullopt;
    auto& sent = hosts_[host].sent;
    auto it = token ? sent.find(*token) : sent.end();
    if (it == sent.end()) {
      log(log_level::debug, network_.name,
          provider(host) + ": a WebSocket message no call waits for: " + text.substr(0, 200));
      return;
    }
    auto p = std::move(it->second);
    sent.erase(it);
    if (p.kind == call_kind::subscribe)
      subscribed(host, std::move(p), *answer);
    else if (p.x && !answer->result.empty())
      p.x->answer_result(answer->result);
    else if (p.x)
      p.x->answer_error(answer->error);
  }

private:
  enum class call_kind : std::uint8_t { subscribe, unsubscribe };

  struct pending_call {
    call_kind kind = call_kind::subscribe;
    rpc_exchange_ptr x; // null: nobody waits for the answer
    std::string client_id;
    std::weak_ptr<subscription_sink> sink;
    std::string params; // JSON text
    clock::time_point deadline = clock::time_point::max();
    bool abandoned = false; // the client is gone or timed out: a success is undone
  };

  struct host_feed {
    std::shared_ptr<rpc_ws_link> link;
    std::deque<pending_call> waiting; // for the link to come up
    std::unordered_map<std::uint64_t, pending_call> sent;
  };

  std::string provider(std::size_t host) const {
    const auto& h = network_.hosts[host];
    return h.address + ":" + std::to_string(h.port);
  }

  std::chrono::milliseconds call_timeout() const {
    auto it = network_.method_timeouts_ms.find("eth_subscribe");
    return std::chrono::milliseconds(it != network_.method_timeouts_ms.end() ? it->second
                                                                             : network_.timeout_ms);
  }

  void on_subscribe(rpc_exchange_ptr x, std::string client_id,
                    std::weak_ptr<subscription_sink> sink) {
    pending_call p{call_kind::subscribe,
                   std::move(x),
                   std::move(client_id),
                   std::move(sink),
                   std::string{},
                   clock::now() + call_timeout(),
                   false};
    p.params = std::string{p.x->call().params};
    if (stopped_ || hosts_.empty())
      return lose(std::move(p), "the network is stopping");
    dispatch(choose(clock::now()), std::move(p));
  }

  void on_unsubscribe(const std::string& client_id, rpc_exchange_ptr x) {
    if (auto entry = registry_.remove(client_id)) {
      pending_call p{
        call_kind::unsubscribe,        std::move(x), client_id, {}, id_params(entry->provider_id),
        clock::now() + call_timeout(), false};
      if (hosts_[entry->host].link && hosts_[entry->host].link->is_up())
        return send_call(entry->host, std::move(p));
      if (p.x)
        p.x->answer_result("true");
      return;
    }
    bool pending = false;
    for (auto& h : hosts_) {
      for (auto& p : h.waiting)
        pending = mark_abandoned(p, client_id) || pending;
      for (auto& [token, p] : h.sent)
        pending = mark_abandoned(p, client_id) || pending;
    }
    if (x)
      x->answer_result(pending ? "true" : "false");
  }

  static bool mark_abandoned(pending_call& p, const std::string& client_id) {
    if (p.kind != call_kind::subscribe || p.client_id != client_id)
      return false;
    p.abandoned = true;
    return true;
  }

  // The provider for a new subscription, passing over those whose calls fail just now.
  std::size_t choose(clock::time_point now) {
    if (calls_down_) {
      auto down = calls_down_();
      for (std::size_t h = 0; h < down.size() && h < hosts_.size(); ++h)
        choice_.calls_down(h, down[h]);
    }
    return choice_.choose(now);
  }

  void dispatch(std::size_t host, pending_call p) {
    auto& h = hosts_[host];
    if (h.link && h.link->is_up())
      return send_call(host, std::move(p));
    if (!h.link) {
      choice_.connecting(host);
      open_link(host);
    }
    h.waiting.push_back(std::move(p));
    schedule_sweep();
  }

  void send_call(std::size_t host, pending_call p) {
    auto token = next_token_++;
    std::string body;
    jsonrpc::append_request(body, token_text(token),
                            p.kind == call_kind::subscribe ? "eth_subscribe" : "eth_unsubscribe",
                            p.params);
    hosts_[host].link->send(std::move(body));
    hosts_[host].sent.emplace(token, std::move(p));
    schedule_sweep();
  }

  void open_link(std::size_t host) {
    const auto& h = network_.hosts[host];
    rpc_ws_link_settings s;
    s.target.id = static_cast<std::uint32_t>(host);
    s.target.network = network_.name;
    s.target.host = h.address;
    s.target.port = h.port;
    s.target.tls = tls_;
    s.target.server_name
      = network_.tls.server_name.empty() && tls_ ? h.address : network_.tls.server_name;
    s.target.connect_timeout = std::chrono::milliseconds(network_.connect_timeout_ms);
    s.host_header = provider(host);
    s.path = network_.path;
    s.max_message_bytes = network_.max_response_bytes;
    s.idle_timeout = ws_idle_timeout;
    hosts_[host].link = std::make_shared<rpc_ws_link>(strand_, std::move(s), shared_from_this());
    hosts_[host].link->start();
  }

  // The provider answered eth_subscribe: the subscription is pinned to it, or refused.
  void subscribed(std::size_t host, pending_call p, const jsonrpc::response& answer) {
    if (answer.result.empty()) {
      if (p.x)
        p.x->answer_error(answer.error);
      return forget(p);
    }
    if (jsonrpc::kind_of(answer.result) != jsonrpc::json_kind::string) {
      if (p.x)
        p.x->fail(errc::upstream_error, provider(host) + " answered eth_subscribe without an id");
      return forget(p);
    }
    subscription_entry entry{p.client_id, host, jsonrpc::unescape_string(answer.result), p.sink};
    if (p.x)
      p.x->answer_result(quoted(p.client_id));
    if (p.abandoned || p.sink.expired() || !registry_.add(entry)) {
      forget(p);
      pending_call undo{
        call_kind::unsubscribe,        nullptr, p.client_id, {}, id_params(entry.provider_id),
        clock::now() + call_timeout(), false};
      return send_call(host, std::move(undo));
    }
    log(log_level::debug, network_.name,
        "subscription " + p.client_id + " pinned to " + provider(host));
  }

  void relay(std::size_t host, const provider_notification& n) {
    const auto* entry = registry_.by_provider(host, n.subscription);
    if (!entry)
      return; // late, after an eth_unsubscribe
    auto sink = entry->sink.lock();
    if (!sink) {
      // The client's session ended without saying so: nobody listens any more.
      auto id = entry->client_id;
      return on_unsubscribe(id, nullptr);
    }
    std::string message;
    append_client_notification(message, n, entry->client_id);
    sink->relay(entry->client_id, std::move(message));
  }

  // A call that will have no answer from the provider: its client hears why.
  void lose(pending_call p, const std::string& why) {
    if (p.kind == call_kind::unsubscribe) {
      // The subscription is gone with its provider either way.
      if (p.x)
        p.x->answer_result("true");
      return;
    }
    if (p.x)
      p.x->fail(errc::upstream_unavailable, why);
    forget(p);
  }

  static void forget(const pending_call& p) {
    if (auto sink = p.sink.lock())
      sink->end(p.client_id, {});
  }

  void end_all(std::vector<subscription_entry> entries, const std::string& why) {
    if (entries.empty())
      return;
    log(log_level::warn, network_.name, log_fields::of_network(network_.name),
        std::to_string(entries.size()) + " subscription(s) ended: " + why);
    auto error = subscription_ended(network_.name, why);
    for (auto& e : entries) {
      auto sink = e.sink.lock();
      if (!sink)
        continue;
      std::string message;
      append_ended_notification(message, e.client_id, error);
      sink->end(e.client_id, std::move(message));
    }
  }

  void schedule_sweep() {
    auto next = clock::time_point::max();
    for (const auto& h : hosts_) {
      for (const auto& p : h.waiting)
        next = std::min(next, p.deadline);
      for (const auto& [token, p] : h.sent)
        next = std::min(next, p.deadline);
    }
    if (next == clock::time_point::max() || (sweep_at_ && *sweep_at_ <= next))
      return;
    sweep_at_ = next;
    sweep_timer_.expires_at(next);
    sweep_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec)
        return;
      self->sweep_at_.reset();
      self->on_sweep();
    });
  }

  // A provider that does not answer in time: the client is answered -32001; a subscription
  // it creates after all is undone when its answer comes.
  void on_sweep() {
    if (stopped_)
      return;
    auto now = clock::now();
    auto why = "no answer in " + std::to_string(call_timeout().count()) + " ms";
    for (std::size_t host = 0; host < hosts_.size(); ++host) {
      auto& h = hosts_[host];
      while (!h.waiting.empty() && h.waiting.front().deadline <= now) {
        auto p = std::move(h.waiting.front());
        h.waiting.pop_front();
        if (p.x)
          p.x->fail(errc::upstream_timeout, provider(host) + ": " + why);
        forget(p);
      }
      for (auto& [token, p] : h.sent) {
        if (p.deadline > now)
          continue;
        if (p.x)
          p.x->fail(errc::upstream_timeout, provider(host) + ": " + why);
        if (p.kind == call_kind::subscribe)
          forget(p);
        p.x = nullptr;
        p.abandoned = true;
        p.deadline = clock::time_point::max();
      }
    }
    schedule_sweep();
  }

  void close() {
    if (stopped_)
      return;
    stopped_ = true;
    sweep_timer_.cancel();
    for (auto& h : hosts_) {
      if (h.link)
        h.link->stop();
      h.link = nullptr;
      for (auto& p : h.waiting)
        lose(std::move(p), "the network stopped");
      for (auto& [token, p] : h.sent)
        lose(std::move(p), "the network stopped");
      h.waiting.clear();
      h.sent.clear();
    }
    end_all(registry_.clear(), "the network stopped");
  }

  io_strand strand_;
  config::network_settings network_;
  std::shared_ptr<net::ssl::context> tls_;
  net::steady_timer sweep_timer_;
  std::optional<clock::time_point> sweep_at_;
  std::vector<host_feed> hosts_;
  subscription_registry registry_;
  subscription_hosts choice_;
  calls_down_source calls_down_; // empty: the calls' side is not consulted
  std::uint64_t next_token_ = 1;
  bool stopped_ = false;
};

} // namespace

std::shared_ptr<rpc_ws_upstream> make_rpc_ws_upstream(net::io_context& io,
                                                      config::network_settings network,
                                                      std::shared_ptr<net::ssl::context> tls,
                                                      calls_down_source calls_down) {
  return std::make_shared<rpc_ws_upstream_impl>(io, std::move(network), std::move(tls),
                                                std::move(calls_down));
}

} // namespace switchyard
