#include "actors/jsonrpc/rpc_log_fields.hpp"
#include "actors/jsonrpc/rpc_upstream_impl.hpp"

// The calls: forwarding, answers, deadlines, and calls waiting for a connection.

namespace switchyard::rpc_upstream_detail {

// rpc_upstream (any thread).
void rpc_upstream_impl::start() {
  net::post(strand_, [self = shared_from_this()] { self->open_links(); });
}

void rpc_upstream_impl::reset_breakers(std::vector<std::size_t> hosts) {
  net::post(strand_, [self = shared_from_this(), hosts = std::move(hosts)] {
    auto now = std::chrono::steady_clock::now();
    for (auto h : hosts)
      self->pool_.reset_breaker(h, now);
    self->publish();
  });
}

void rpc_upstream_impl::stop() {
  net::post(strand_, [self = shared_from_this()] { self->close(); });
}

// Dispatched, not posted: from an I/O thread while the strand is idle the calls go out at
// once, saving a trip through the scheduler per batch. Safe because everything the strand
// hands back to sessions (answers, failures) is posted to them.
void rpc_upstream_impl::forward(std::vector<exchange_ptr> exchanges) {
  net::dispatch(strand_, [self = shared_from_this(), batch = std::move(exchanges)]() mutable {
    self->on_forward(std::move(batch));
  });
}

void rpc_upstream_impl::on_reply(std::uint32_t link, std::uint64_t token, rpc_reply reply) {
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
    warn_provider(p, problem);
  release_waiting();
  grow_pools();
  publish();
}

std::string rpc_upstream_impl::provider(std::size_t host) const {
  const auto& h = setup_.network.hosts[host];
  return h.address + ":" + std::to_string(h.port);
}

std::chrono::milliseconds rpc_upstream_impl::timeout_for(std::string_view method) const {
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
std::string rpc_upstream_impl::settle(const pending_call& p, const rpc_reply& reply) {
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

void rpc_upstream_impl::warn_provider(const pending_call& p, const std::string& problem) {
  if (!log_enabled(log_level::warn))
    return;
  // One line per provider and second at most: a provider answering garbage under load
  // must not flood the log.
  auto host = provider(p.host);
  auto fields = log_fields::of_network(setup_.network.name);
  fields.peer = host;
  if (p.exchange)
    fields = rpc_log_fields(*p.exchange, host);
  log_limited(warnings_, log_level::warn, setup_.network.name, host, fields,
              host + " answered " + problem);
}

void rpc_upstream_impl::on_forward(std::vector<exchange_ptr> batch) {
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
void rpc_upstream_impl::dispatch(const rpc_exchange_ptr& x, clock::time_point now) {
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

void rpc_upstream_impl::wait(const rpc_exchange_ptr& x, clock::time_point now) {
  if (waiting_.size() >= max_waiting) {
    counters_.rejected.fetch_add(1, std::memory_order_relaxed);
    x->fail(errc::limit_exceeded, std::to_string(max_waiting) + " calls wait for a connection");
    return;
  }
  waiting_.push_back({now + timeout_for(x->call().method), x});
}

void rpc_upstream_impl::send(std::uint32_t link, const rpc_exchange_ptr& x, clock::time_point now) {
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
void rpc_upstream_impl::release_waiting() {
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

bool rpc_upstream_impl::has_room(std::uint32_t link) const {
  return link < links_.size() && links_[link] && links_[link]->is_up() && pool_.is_up(link)
         && links_[link]->in_flight() < setup_.network.pipeline_depth;
}

std::optional<std::uint32_t> rpc_upstream_impl::any_link_with_room() const {
  for (std::uint32_t id = 0; id < links_.size(); ++id)
    if (has_room(id))
      return id;
  return std::nullopt;
}

// Deadlines: a call past its deadline is answered -32001 and its connection dropped (the
// answers behind it on that connection cannot come sooner); a call waiting too long for
// a connection is answered -32001 too.
void rpc_upstream_impl::schedule_sweep() {
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

void rpc_upstream_impl::on_sweep() {
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
    auto why = provider(p.host) + " gave no answer in " + std::to_string(ms.count()) + " ms";
    // A provider that stopped answering times out every call: rate-limited, per provider.
    if (log_enabled(log_level::warn))
      log_limited(warnings_, log_level::warn, setup_.network.name, "timeout " + provider(p.host),
                  rpc_log_fields(*p.exchange, provider(p.host)), "call timed out: " + why);
    p.exchange->fail(errc::upstream_timeout, why);
  }
  while (!waiting_.empty() && waiting_.front().first <= now) {
    counters_.timeouts.fetch_add(1, std::memory_order_relaxed);
    auto& x = *waiting_.front().second;
    if (log_enabled(log_level::warn))
      log_limited(warnings_, log_level::warn, setup_.network.name, "timeout waiting",
                  rpc_log_fields(x), "call timed out: no connection was free in time");
    x.fail(errc::upstream_timeout, "no connection was free in time");
    waiting_.pop_front();
  }
  for (auto link : stuck)
    if (link < links_.size() && links_[link] && links_[link]->is_up())
      links_[link]->fail("a call timed out: the connection is replaced");
  schedule_sweep();
  publish();
}

} // namespace switchyard::rpc_upstream_detail

namespace switchyard {

std::shared_ptr<rpc_upstream> make_rpc_upstream(boost::asio::io_context& io,
                                                rpc_upstream_setup setup) {
  return std::make_shared<rpc_upstream_detail::rpc_upstream_impl>(io, std::move(setup));
}

} // namespace switchyard
