#include "actors/jsonrpc/rpc_upstream.hpp"

#include "actors/io/log.hpp"
#include "actors/io/log_limiter.hpp"
#include "actors/io/prober.hpp"
#include "actors/io/strand.hpp"
#include "actors/jsonrpc/rpc_exchange.hpp"
#include "actors/jsonrpc/rpc_link.hpp"
#include "core/link_pool.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <charconv>
#include <deque>
#include <mutex>
#include <random>
#include <set>
#include <unordered_map>

namespace switchyard {

namespace net = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

constexpr auto pool_tick = std::chrono::seconds(1);
// Calls waiting for a free connection at most; past it they are refused at once (-32002).
constexpr std::size_t max_waiting = 10000;
constexpr std::size_t max_probe_depth = 64;

std::string token_text(std::uint64_t token) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), token);
  return {digits, end};
}

class rpc_upstream_impl final : public rpc_upstream,
                                public rpc_link_events,
                                public std::enable_shared_from_this<rpc_upstream_impl> {
public:
  rpc_upstream_impl(net::io_context& io, rpc_upstream_setup setup)
      : strand_(net::make_strand(io)),
        setup_(std::move(setup)),
        pool_(setup_.network, core::make_unit_random(random_)),
        sweep_timer_(strand_),
        pool_timer_(strand_),
        retired_(setup_.network.hosts.size()) {
    numbers_.hosts.resize(setup_.network.hosts.size());
  }

  // rpc_upstream (any thread).
  void start() override {
    net::post(strand_, [self = shared_from_this()] { self->open_links(); });
  }

  void stop() override {
    net::post(strand_, [self = shared_from_this()] { self->close(); });
  }

  // Dispatched, not posted: from an I/O thread while the strand is idle the calls go out at
  // once, saving a trip through the scheduler per batch. Safe because everything the strand
  // hands back to sessions (answers, failures) is posted to them.
  void forward(std::vector<exchange_ptr> exchanges) override {
    net::dispatch(strand_, [self = shared_from_this(), batch = std::move(exchanges)]() mutable {
      self->on_forward(std::move(batch));
    });
  }

  network_numbers numbers() const override {
    network_numbers out;
    {
      std::lock_guard guard{numbers_mutex_};
      out = numbers_;
    }
    out.requests = counters_.requests.load(std::memory_order_relaxed);
    out.responses = counters_.responses.load(std::memory_order_relaxed);
    out.timeouts = counters_.timeouts.load(std::memory_order_relaxed);
    out.unavailable = counters_.unavailable.load(std::memory_order_relaxed);
    out.rejected = counters_.rejected.load(std::memory_order_relaxed);
    out.upstream_errors = counters_.upstream_errors.load(std::memory_order_relaxed);
    return out;
  }

  // rpc_link_events (on the strand).
  void on_link_up(std::uint32_t link) override {
    if (stopped_)
      return;
    bool first = !pool_.any_up();
    set_reconnecting(link, false);
    pool_.link_up(link, clock::now());
    release_waiting();
    publish();
    // A network that had no connection has one again: one is proof enough.
    setup_.events->on_health(true, "link up", first);
  }

  void on_link_down(std::uint32_t link, std::string reason,
                    std::vector<std::uint64_t> lost) override {
    if (stopped_)
      return;
    auto now = clock::now();
    // A connection that was up and went (the provider closed it, or it was replaced after a
    // timeout) is reconnecting: calls wait for it rather than fail while the provider may be
    // fine. A connect that fails proves the provider down: calls no longer wait for it.
    set_reconnecting(link, pool_.is_up(link));
    pool_.link_down(link, now);
    for (auto token : lost) {
      auto it = pending_.find(token);
      if (it == pending_.end())
        continue;
      auto p = std::move(it->second);
      pending_.erase(it);
      deadlines_.erase({p.deadline, token});
      pool_.abandoned(p.host);
      if (p.probe) {
        setup_.events->on_health(false, "probe lost: " + reason, false);
        continue;
      }
      counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
      p.exchange->fail(errc::upstream_unavailable, provider(p.host) + ": " + reason);
    }
    // An overflow connection is not kept alive: close it (after the link's own handler).
    if (pool_.is_overflow(link))
      net::post(strand_, [self = shared_from_this(), link] {
        if (!self->stopped_)
          self->close_link(link);
      });
    release_waiting();
    publish();
    if (!pool_.any_up())
      setup_.events->on_health(false, std::move(reason), false);
  }

  void on_reply(std::uint32_t link, std::uint64_t token, rpc_reply reply) override {
    if (stopped_)
      return;
    auto now = clock::now();
    auto it = pending_.find(token);
    if (it == pending_.end())
      return;
    auto p = std::move(it->second);
    pending_.erase(it);
    deadlines_.erase({p.deadline, token});
    pool_.finished(link, now);
    auto problem = settle(p, reply);
    pool_.settled(p.host, problem.empty(), now - p.sent, now);
    if (problem.empty())
      ++answered_since_probe_;
    if (!problem.empty())
      warn_provider(p.host, problem);
    release_waiting();
    grow_pools();
    publish();
  }

private:
  struct pending_call {
    rpc_exchange_ptr exchange; // null for a probe
    clock::time_point sent;
    clock::time_point deadline;
    std::uint32_t link = 0;
    std::size_t host = 0;
    std::uint64_t token = 0; // the gateway's id of the call, as the provider sees it
    bool probe = false;
  };

  struct counters {
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> responses{0};
    std::atomic<std::uint64_t> timeouts{0};
    std::atomic<std::uint64_t> unavailable{0};
    std::atomic<std::uint64_t> rejected{0};
    std::atomic<std::uint64_t> upstream_errors{0};
  };

  std::string provider(std::size_t host) const {
    const auto& h = setup_.network.hosts[host];
    return h.address + ":" + std::to_string(h.port);
  }

  std::chrono::milliseconds timeout_for(std::string_view method) const {
    const auto& n = setup_.network;
    if (!n.method_timeouts_ms.empty()) {
      auto it = n.method_timeouts_ms.find(std::string{method});
      if (it != n.method_timeouts_ms.end())
        return std::chrono::milliseconds(it->second);
    }
    return std::chrono::milliseconds(n.timeout_ms);
  }

  // Answers the call with what its provider said; returns what was wrong with the answer
  // (a failure of the provider), empty when it was a valid JSON-RPC answer.
  std::string settle(const pending_call& p, const rpc_reply& reply) {
    std::string problem;
    std::optional<jsonrpc::response> answer;
    bool notification = p.exchange && p.exchange->is_notification();
    if (reply.status == 429 || reply.status >= 500 || reply.status < 200 || reply.status >= 300) {
      problem = "HTTP " + std::to_string(reply.status);
      if (!reply.retry_after.empty())
        problem += " (Retry-After: " + reply.retry_after + ")";
    } else if (notification) {
      // Nothing is owed to the client: any success will do.
    } else if (answer = jsonrpc::parse_response(reply.body, max_probe_depth, problem); !answer) {
      problem = "an invalid JSON-RPC answer (" + problem + ")";
    } else if (answer->id != token_text(p.token)) {
      problem = "an answer for another call (id " + std::string{answer->id} + ")";
    }
    if (p.probe) {
      bool ok = problem.empty() && !answer->result.empty();
      setup_.events->on_health(ok,
                               ok                ? "probe ok"
                               : problem.empty() ? "probe answered an error"
                                                 : "probe: " + problem,
                               false);
      return problem;
    }
    counters_.responses.fetch_add(1, std::memory_order_relaxed);
    if (!problem.empty()) {
      counters_.upstream_errors.fetch_add(1, std::memory_order_relaxed);
      p.exchange->fail(errc::upstream_error, provider(p.host) + " answered " + problem);
    } else if (notification) {
      p.exchange->settle_notification();
    } else if (!answer->result.empty()) {
      p.exchange->answer_result(answer->result);
    } else {
      p.exchange->answer_error(answer->error);
    }
    return problem;
  }

  void warn_provider(std::size_t host, const std::string& problem) {
    // One line per provider and second at most: a provider answering garbage under load
    // must not flood the log.
    log_limited(warnings_, log_level::warn, setup_.network.name, provider(host),
                provider(host) + " answered " + problem);
  }

  void on_forward(std::vector<exchange_ptr> batch) {
    auto now = clock::now();
    for (auto& e : batch) {
      auto x = std::static_pointer_cast<rpc_exchange>(std::move(e));
      counters_.requests.fetch_add(1, std::memory_order_relaxed);
      if (stopped_) {
        counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
        x->fail(errc::upstream_unavailable, "the network is stopping");
        continue;
      }
      dispatch(x, now);
    }
    grow_pools();
    schedule_sweep();
    publish();
  }

  // Sends the call on a link with room, or lets it wait for one (until its deadline).
  void dispatch(const rpc_exchange_ptr& x, clock::time_point now) {
    if (!waiting_.empty())
      return wait(x, now); // first come, first served
    auto link = pool_.choose(now);
    if (!link) {
      if (links_may_come_up())
        return wait(x, now);
      counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
      x->fail(errc::upstream_unavailable, "no provider can take calls (down or breaker open)");
      return;
    }
    auto& l = links_[*link];
    if (!l || !l->is_up() || l->in_flight() >= setup_.network.pipeline_depth) {
      pool_.cancelled(pool_.host_of(*link));
      return wait(x, now);
    }
    send(*link, x, now);
  }

  void wait(const rpc_exchange_ptr& x, clock::time_point now) {
    if (waiting_.size() >= max_waiting) {
      counters_.rejected.fetch_add(1, std::memory_order_relaxed);
      x->fail(errc::limit_exceeded, std::to_string(max_waiting) + " calls wait for a connection");
      return;
    }
    waiting_.push_back({now + timeout_for(x->call().method), x});
  }

  void send(std::uint32_t link, const rpc_exchange_ptr& x, clock::time_point now) {
    auto token = next_token_++;
    const auto& call = x->call();
    body_.clear();
    // The provider sees the gateway's id, unique on the connection; the client's is put back
    // on the way out (rpc_exchange answers with the call's own id).
    jsonrpc::append_request(body_, call.is_notification() ? std::string_view{} : token_text(token),
                            call.method, call.params);
    auto host = pool_.host_of(link);
    links_[link]->send(token, body_);
    pool_.started(link, now);
    pending_call p;
    p.exchange = x;
    p.sent = now;
    p.deadline = now + timeout_for(call.method);
    p.link = link;
    p.host = host;
    p.token = token;
    deadlines_.insert({p.deadline, token});
    pending_.emplace(token, std::move(p));
  }

  // Links with room take the calls that wait, oldest first.
  void release_waiting() {
    auto now = clock::now();
    while (!waiting_.empty()) {
      if (stopped_)
        return;
      auto link = pool_.choose(now);
      if (!link) {
        if (links_may_come_up())
          return;
        // Nothing can take them: every provider is down or behind an open breaker.
        while (!waiting_.empty()) {
          counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
          waiting_.front().second->fail(errc::upstream_unavailable,
                                        "no provider can take calls (down or breaker open)");
          waiting_.pop_front();
        }
        return;
      }
      auto chosen = *link;
      if (!has_room(chosen)) {
        pool_.cancelled(pool_.host_of(chosen));
        auto free = any_link_with_room();
        if (!free)
          return;
        chosen = *free;
      }
      auto x = std::move(waiting_.front().second);
      waiting_.pop_front();
      if (x->is_answered() && !x->is_notification())
        continue;
      send(chosen, x, now);
    }
  }

  bool has_room(std::uint32_t link) const {
    return link < links_.size() && links_[link] && links_[link]->is_up() && pool_.is_up(link)
           && links_[link]->in_flight() < setup_.network.pipeline_depth;
  }

  std::optional<std::uint32_t> any_link_with_room() const {
    for (std::uint32_t id = 0; id < links_.size(); ++id)
      if (has_room(id))
        return id;
    return std::nullopt;
  }

  // Deadlines: a call past its deadline is answered -32001 and its connection dropped (the
  // answers behind it on that connection cannot come sooner); a call waiting too long for
  // a connection is answered -32001 too.
  void schedule_sweep() {
    std::optional<clock::time_point> next;
    if (!deadlines_.empty())
      next = deadlines_.begin()->first;
    if (!waiting_.empty() && (!next || waiting_.front().first < *next))
      next = waiting_.front().first;
    if (!next || (sweep_at_ && *sweep_at_ <= *next))
      return;
    sweep_at_ = *next;
    sweep_timer_.expires_at(*next);
    sweep_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec)
        return;
      self->sweep_at_.reset();
      self->on_sweep();
    });
  }

  void on_sweep() {
    if (stopped_)
      return;
    auto now = clock::now();
    std::vector<std::uint32_t> stuck;
    while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
      auto token = deadlines_.begin()->second;
      deadlines_.erase(deadlines_.begin());
      auto it = pending_.find(token);
      if (it == pending_.end())
        continue;
      auto p = std::move(it->second);
      pending_.erase(it);
      pool_.finished(p.link, now);
      pool_.settled(p.host, false, now - p.sent, now);
      stuck.push_back(p.link);
      if (p.probe) {
        setup_.events->on_health(false, "probe timed out", false);
        continue;
      }
      counters_.timeouts.fetch_add(1, std::memory_order_relaxed);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(p.deadline - p.sent);
      p.exchange->fail(errc::upstream_timeout, provider(p.host) + " gave no answer in "
                                                 + std::to_string(ms.count()) + " ms");
    }
    while (!waiting_.empty() && waiting_.front().first <= now) {
      counters_.timeouts.fetch_add(1, std::memory_order_relaxed);
      waiting_.front().second->fail(errc::upstream_timeout, "no connection was free in time");
      waiting_.pop_front();
    }
    for (auto link : stuck)
      if (link < links_.size() && links_[link] && links_[link]->is_up())
        links_[link]->fail("a call timed out: the connection is replaced");
    schedule_sweep();
    publish();
  }

  void open_links() {
    if (stopped_)
      return;
    const auto& n = setup_.network;
    for (std::size_t h = 0; h < n.hosts.size(); ++h)
      for (std::size_t i = 0; i < n.pool_size; ++i)
        open_link(h, false);
    schedule_pool_tick();
    prober_ = make_network_prober(
      strand_, n, core::make_unit_random(random_),
      [this](std::chrono::milliseconds timeout) { return probe_on_some_link(timeout); },
      [this](bool ok, std::string detail) {
        setup_.events->on_health(ok, std::move(detail), false);
      });
    if (prober_)
      prober_->start();
    publish();
  }

  // Whether calls should wait for a connection rather than fail at once: some connection
  // has not been tried yet, or one that was up is reconnecting.
  bool links_may_come_up() const { return pool_.is_starting() || reconnecting_count_ > 0; }

  void set_reconnecting(std::uint32_t link, bool reconnecting) {
    if (link >= reconnecting_.size())
      reconnecting_.resize(link + 1, false);
    if (reconnecting_[link] == reconnecting)
      return;
    reconnecting_[link] = reconnecting;
    reconnecting_count_ += reconnecting ? 1 : -1;
  }

  void open_link(std::size_t host, bool overflow) {
    std::uint32_t id = 0;
    while (id < links_.size() && links_[id])
      ++id;
    if (id == links_.size()) {
      links_.emplace_back();
      link_hosts_.emplace_back();
    }
    const auto& n = setup_.network;
    const auto& h = n.hosts[host];
    rpc_link_settings s;
    s.target.id = id;
    s.target.network = n.name;
    s.target.host = h.address;
    s.target.port = h.port;
    s.target.tls = setup_.tls;
    s.target.server_name = n.tls.server_name.empty() && setup_.tls ? h.address : n.tls.server_name;
    s.target.connect_timeout = std::chrono::milliseconds(n.connect_timeout_ms);
    s.host_header = h.address + ":" + std::to_string(h.port);
    s.path = n.path;
    s.max_response_bytes = n.max_response_bytes;
    pool_.add_link(id, host, overflow);
    links_[id] = std::make_shared<rpc_link>(strand_, std::move(s), shared_from_this());
    link_hosts_[id] = host;
    links_[id]->start();
  }

  void close_link(std::uint32_t id) {
    if (id >= links_.size() || !links_[id])
      return;
    set_reconnecting(id, false);
    links_[id]->stop();
    auto& r = retired_[link_hosts_[id]];
    r.opened += links_[id]->opened();
    r.closed += links_[id]->closed();
    r.recycled += links_[id]->recycled();
    links_[id] = nullptr;
    pool_.remove_link(id, clock::now());
  }

  void grow_pools() {
    for (auto host : pool_.take_overflow_requests())
      open_link(host, true);
  }

  void schedule_pool_tick() {
    pool_timer_.expires_after(pool_tick);
    pool_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->stopped_)
        return;
      auto work = self->pool_.maintain(clock::now());
      for (auto id : work.recycle)
        self->links_[id]->recycle();
      for (auto id : work.close)
        self->close_link(id);
      self->publish();
      self->schedule_pool_tick();
    });
  }

  // A probe is a call of health_check.method on a connection with room, taking turns. When
  // every connection is busy with calls, the answers they got since the last probe are the
  // proof of health (a probe would only wait behind them).
  bool probe_on_some_link(std::chrono::milliseconds timeout) {
    auto answered = answered_since_probe_;
    answered_since_probe_ = 0;
    if (!any_link_with_room() && pool_.any_up()) {
      setup_.events->on_health(answered > 0,
                               answered > 0
                                 ? "connections busy with calls that are answered"
                                 : "every connection busy, no answer since the last probe",
                               false);
      return true;
    }
    for (std::size_t tries = 0; tries < links_.size(); ++tries) {
      auto id = static_cast<std::uint32_t>(next_probe_link_++ % links_.size());
      if (!has_room(id))
        continue;
      auto now = clock::now();
      auto token = next_token_++;
      body_.clear();
      jsonrpc::append_request(body_, token_text(token), setup_.network.health_check.method, "[]");
      links_[id]->send(token, body_);
      pool_.started(id, now);
      pending_call p;
      p.sent = now;
      p.deadline = now + timeout;
      p.link = id;
      p.host = pool_.host_of(id);
      p.probe = true;
      p.token = token;
      deadlines_.insert({p.deadline, token});
      pending_.emplace(token, std::move(p));
      schedule_sweep();
      return true;
    }
    return false;
  }

  void close() {
    if (stopped_)
      return;
    stopped_ = true;
    sweep_timer_.cancel();
    pool_timer_.cancel();
    if (prober_)
      prober_->stop();
    for (std::uint32_t id = 0; id < links_.size(); ++id)
      if (links_[id])
        links_[id]->stop();
    for (auto& [token, p] : pending_) {
      if (p.exchange) {
        counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
        p.exchange->fail(errc::upstream_unavailable, "the network stopped");
      }
    }
    pending_.clear();
    deadlines_.clear();
    for (auto& [deadline, x] : waiting_) {
      counters_.unavailable.fetch_add(1, std::memory_order_relaxed);
      x->fail(errc::upstream_unavailable, "the network stopped");
    }
    waiting_.clear();
    std::lock_guard guard{numbers_mutex_};
    numbers_.links_up = 0;
    numbers_.in_flight = 0;
    for (auto& row : numbers_.hosts)
      row.up = row.busy = row.pending = 0;
  }

  // Copies the strand's numbers for readers on other threads.
  void publish() {
    if (stopped_)
      return;
    std::lock_guard guard{numbers_mutex_};
    std::tie(numbers_.links, numbers_.links_up) = pool_.link_counts();
    numbers_.in_flight = pending_.size() + waiting_.size();
    for (std::size_t h = 0; h < numbers_.hosts.size(); ++h) {
      auto& row = numbers_.hosts[h];
      std::tie(row.up, row.pending) = pool_.host_load(h);
      row.busy = pool_.busy_links(h);
      row.links = 0;
      row.opened = retired_[h].opened;
      row.closed = retired_[h].closed;
      row.recycled = retired_[h].recycled;
    }
    for (std::size_t i = 0; i < links_.size(); ++i) {
      if (!links_[i])
        continue;
      auto& row = numbers_.hosts[link_hosts_[i]];
      ++row.links;
      row.opened += links_[i]->opened();
      row.closed += links_[i]->closed();
      row.recycled += links_[i]->recycled();
    }
  }

  io_strand strand_;
  rpc_upstream_setup setup_;
  std::mt19937_64 random_{std::random_device{}()};
  core::link_pool pool_;
  net::steady_timer sweep_timer_;
  std::optional<clock::time_point> sweep_at_;
  net::steady_timer pool_timer_;
  std::vector<std::shared_ptr<rpc_link>> links_; // by link id; null: a free slot
  std::vector<std::size_t> link_hosts_;
  std::vector<bool> reconnecting_; // by link id: was up, went down, reconnects
  int reconnecting_count_ = 0;
  std::vector<host_numbers> retired_; // counts of closed overflow links, per host
  std::shared_ptr<network_prober> prober_;
  std::size_t next_probe_link_ = 0;
  std::uint64_t answered_since_probe_ = 0; // valid answers since the last probe round
  std::uint64_t next_token_ = 1;
  std::unordered_map<std::uint64_t, pending_call> pending_;
  std::set<std::pair<clock::time_point, std::uint64_t>> deadlines_;
  std::deque<std::pair<clock::time_point, rpc_exchange_ptr>> waiting_;
  std::string body_;     // reused for each request's JSON
  log_limiter warnings_; // a line per provider and second
  bool stopped_ = false;
  counters counters_;
  mutable std::mutex numbers_mutex_;
  network_numbers numbers_;
};

} // namespace

std::shared_ptr<rpc_upstream> make_rpc_upstream(net::io_context& io, rpc_upstream_setup setup) {
  return std::make_shared<rpc_upstream_impl>(io, std::move(setup));
}

} // namespace switchyard
