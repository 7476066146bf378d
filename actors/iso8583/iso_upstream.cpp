#include "actors/io/log.hpp"
#include "actors/io/reply_batch.hpp"
#include "actors/iso8583/iso_log_fields.hpp"
#include "actors/iso8583/iso_upstream_impl.hpp"
#include "actors/iso8583/iso_wire.hpp"
#include "protocols/iso8583/describe.hpp"

#include <boost/asio/post.hpp>

namespace switchyard {

namespace {

namespace net = boost::asio;
using clock = std::chrono::steady_clock;

// Requests that arrive before any connection is up wait for one, up to this many.
constexpr std::size_t max_waiting = 4096;

// A line per request that got no answer in time, with its STAN and RRN so that the acquirer's
// complaint can be found; an issuer that stopped answering times out every request, so the
// lines are rate-limited and the rest counted.
void log_timeouts(log_limiter& limits, const std::string& network,
                  const std::vector<iso_exchange_ptr>& expired) {
  if (expired.empty() || !log_enabled(log_level::warn))
    return;
  for (const auto& x : expired)
    log_limited(limits, log_level::warn, network, "timeout", iso_log_fields(x->request(), network),
                "no answer from the issuer in time: answered 68");
}

template <class Exchanges>
void answer_all(const Exchanges& exchanges, errc outcome) {
  reply_batch::scope batch;
  for (const auto& x : exchanges)
    x->fail(outcome);
}

} // namespace

iso8583::framing_settings network_framing(const config::network_settings& n) {
  iso8583::framing_settings f;
  f.kind = to_iso_framing(n.framing);
  f.header_bytes = n.header_bytes;
  return f;
}

iso_upstream_impl::iso_upstream_impl(net::io_context& io, iso_upstream_setup setup)
    : strand_(net::make_strand(io)),
      setup_(std::move(setup)),
      traffic_(std::make_unique<iso_traffic>(setup_.network, *setup_.dialect,
                                             network_framing(setup_.network),
                                             core::make_unit_random(random_))),
      sweep_timer_(strand_),
      pool_timer_(strand_),
      journal_timer_(strand_) {
  numbers_.hosts.resize(setup_.network.hosts.size());
  retired_.resize(setup_.network.hosts.size());
}

void iso_upstream_impl::start(std::shared_ptr<reversal_journal> journal,
                              std::vector<reversal_journal::owed_advice> owed) {
  net::post(strand_, [self = shared_from_this(), journal = std::move(journal),
                      owed = std::move(owed)]() mutable {
    if (self->stopped_)
      return;
    // Before any link runs: no advice can be owed before the journal keeps them.
    self->journal_ = std::move(journal);
    {
      std::lock_guard guard{self->delivered_mutex_};
      self->delivery_journal_ = self->journal_;
    }
    if (self->journal_) {
      std::lock_guard guard{self->numbers_mutex_};
      self->numbers_.journal = self->journal_->path();
    }
    self->traffic_->keep_reversals_in(self->journal_.get(), std::move(owed), clock::now());
    self->open_links();
  });
}

void iso_upstream_impl::reset_breakers(std::vector<std::size_t> hosts) {
  net::post(strand_, [self = shared_from_this(), hosts = std::move(hosts)] {
    if (!self->traffic_)
      return;
    auto now = std::chrono::steady_clock::now();
    for (auto h : hosts)
      self->traffic_->reset_breaker(h, now);
    self->publish();
  });
}

void iso_upstream_impl::retry_owed() {
  net::post(strand_, [self = shared_from_this()] {
    if (!self->traffic_ || self->stopped_)
      return;
    self->traffic_->retry_reversals_now(clock::now());
    self->send_reversals();
    self->publish();
  });
}

void iso_upstream_impl::stop() {
  net::post(strand_, [self = shared_from_this()] { self->close(); });
}

void iso_upstream_impl::forward(std::vector<exchange_ptr> exchanges) {
  net::post(strand_, [self = shared_from_this(), batch = std::move(exchanges)]() mutable {
    self->on_forward(std::move(batch));
  });
}

iso_upstream_numbers iso_upstream_impl::numbers() const {
  std::lock_guard guard{numbers_mutex_};
  return numbers_;
}

// iso_link_events: called by the links, on this strand.
void iso_upstream_impl::on_link_up(std::uint32_t link) {
  if (stopped_)
    return;
  bool first = !traffic_->any_link_up();
  traffic_->link_up(link, clock::now());
  release_waiting();
  send_reversals();
  schedule_sweep();
  publish();
  // A network that had no connection has one again: one success is proof enough, or a
  // network of one connection would wait for its next echo test to take traffic again.
  setup_.events->on_health(true, "link up", first);
}

void iso_upstream_impl::on_link_signed_off(std::uint32_t link) {
  if (stopped_)
    return;
  log(log_level::warn, setup_.network.name, log_fields::of_network(setup_.network.name),
      "the issuer signed a connection off: no new requests on it until it signs on again");
  traffic_->link_signed_off(link);
  publish();
  if (!traffic_->any_link_up())
    setup_.events->on_health(false, "signed off by the issuer", false);
}

void iso_upstream_impl::on_backlog(std::uint32_t link, bool full) {
  if (stopped_)
    return;
  traffic_->link_backlogged(link, full, clock::now());
  if (!full) {
    release_waiting();
    send_reversals();
  }
  publish();
}

void iso_upstream_impl::on_link_down(std::uint32_t link, std::string reason) {
  if (stopped_)
    return;
  auto lost = traffic_->link_down(link, clock::now());
  // Their reversals are on disk before the acquirers hear 91.
  persist_reversals();
  answer_all(lost, errc::upstream_unavailable);
  // An overflow connection is not kept alive: close it (after the link's own handler).
  if (traffic_->is_overflow(link))
    net::post(strand_, [self = shared_from_this(), link] {
      if (!self->stopped_)
        self->close_link(link);
    });
  release_waiting();
  send_reversals();
  schedule_sweep();
  publish();
  // One dead host among several is the breaker's business, not the network's: the
  // network is unhealthy only when none of its links is up.
  if (!traffic_->any_link_up())
    setup_.events->on_health(false, std::move(reason), false);
}

void iso_upstream_impl::on_responses(std::uint32_t link, std::span<iso8583::message> responses) {
  if (stopped_)
    return;
  auto now = clock::now();
  deliveries_.clear();
  for (auto& m : responses) {
    auto late = traffic_->counters().late;
    if (auto d = traffic_->on_response(link, m, now)) {
      // An approval whose acquirer has gone is reversed instead of delivered.
      bool deliverable = d->exchange->is_connection_open();
      if (traffic_->answered(*d, m, deliverable, now))
        d->exchange->settle_on_delivery(d->forward_id);
      deliveries_.push_back({std::move(d->exchange), &m, deliverable});
    } else if (traffic_->counters().late != late && log_enabled(log_level::warn)) {
      // An issuer answering after the timeout, or answering what it was never asked, does so
      // for every request when it is slow: rate-limited.
      log_limited(log_limits_, log_level::warn, setup_.network.name, "late response",
                  iso_log_fields(m, setup_.network.name),
                  "late or unknown response dropped: " + iso8583::describe(m, *setup_.dialect));
    }
  }
  // Nothing the answers change must be on disk before they go: approvals settle their
  // forward records only once written to the acquirer (on_delivered), an approval for an
  // acquirer gone is reversed here and goes nowhere, and a decline needs no reversal.
  {
    reply_batch::scope batch; // one hand-over per acquirer connection for the whole read
    // One decision per answer: reversed here (acquirer gone), or guarded on its way.
    for (auto& [x, m, deliverable] : deliveries_)
      x->answer(*m, deliverable);
  }
  deliveries_.clear();
  send_reversals();
  persist_reversals();
  schedule_sweep();
  publish();
}

void iso_upstream_impl::on_echo(std::uint32_t, bool ok, std::string detail) {
  if (!stopped_)
    setup_.events->on_health(ok, std::move(detail), false);
}

void iso_upstream_impl::close() {
  if (stopped_)
    return;
  stopped_ = true;
  sweep_timer_.cancel();
  pool_timer_.cancel();
  if (prober_)
    prober_->stop();
  for (auto& link : links_)
    if (link)
      link->stop();
  std::vector<iso_exchange_ptr> unanswered;
  for (auto& [since, x] : waiting_)
    unanswered.push_back(std::move(x));
  waiting_.clear();
  traffic_->count_unavailable(unanswered.size());
  {
    reply_batch::scope batch;
    answer_all(unanswered, errc::upstream_unavailable);
    // Requests in flight were written upstream and may be approved there: they are
    // answered 91 and reversed, as when their connection drops (reversals on disk first).
    auto now = clock::now();
    std::vector<iso_exchange_ptr> lost;
    for (std::uint32_t id = 0; id < links_.size(); ++id)
      if (links_[id])
        for (auto& x : traffic_->link_down(id, now))
          lost.push_back(std::move(x));
    persist_reversals();
    answer_all(lost, errc::upstream_unavailable);
    add_to_tally();
    traffic_.reset();
  }
  journal_timer_.cancel();
  {
    std::lock_guard guard{delivered_mutex_};
    delivery_journal_.reset();
  }
  journal_.reset(); // a restarted connector may take the journal over now
  publish_final();
  links_.clear(); // the links hold this upstream as their events sink: let go of them
}

// Exchanges reach a network only from listeners of its protocol (routing rules and fallbacks
// never cross protocols): the batch is ISO 8583's.
void iso_upstream_impl::on_forward(std::vector<exchange_ptr> batch) {
  if (stopped_) {
    if (setup_.tally)
      setup_.tally->count_unavailable(batch.size());
    answer_all(batch, errc::upstream_unavailable);
    return;
  }
  {
    reply_batch::scope replies; // for requests answered at once (91, 30, 94)
    outgoing_frames out(links_.size());
    auto now = clock::now();
    for (auto& x : batch)
      dispatch(std::static_pointer_cast<iso_exchange>(std::move(x)), now, out);
    flush(out);
  }
  publish();
}

void iso_upstream_impl::dispatch(const iso_exchange_ptr& x, core::time_point now,
                                 outgoing_frames& out) {
  // Approvals that cannot reach their acquirer come back here to be reversed.
  if (is_reversible(x->request().mti()))
    x->watch_delivery(weak_from_this(), traffic_->journals_forwards());
  auto r = traffic_->dispatch(x, now, &out);
  if (r.wait)
    return wait_for_first_link(x, now);
  if (r.code.empty())
    return;
  if (!r.reason.empty())
    log_limited(log_limits_, log_level::warn, setup_.network.name, r.code,
                iso_log_fields(x->request(), setup_.network.name), r.reason);
  x->fail(*r.outcome);
}

void iso_upstream_impl::flush(outgoing_frames& out) {
  // With the forward journal, the batch's financial requests are on disk before any of them
  // goes upstream: a crash after this point still reverses them. When that cannot be
  // written, nothing of the batch goes out.
  if (traffic_->journals_forwards() && !persist_reversals()) {
    auto withdrawn = traffic_->withdraw_unsent(clock::now());
    log(log_level::error, setup_.network.name, log_fields::of_network(setup_.network.name),
        std::to_string(withdrawn.size())
          + " request(s) answered 91: their forward records could not be written");
    answer_all(withdrawn, errc::upstream_unavailable);
    out.clear();
  }
  traffic_->mark_sent();
  for (std::size_t link = 0; link < out.size(); ++link)
    if (!out[link].empty() && links_[link])
      links_[link]->send(std::move(out[link]));
  grow_pools();
  schedule_sweep();
}

// While the first connections are still being made, requests wait (bounded in number and
// by the connect timeout) instead of being refused with 91 at the node's first second.
void iso_upstream_impl::wait_for_first_link(const iso_exchange_ptr& x, core::time_point now) {
  if (waiting_.size() >= max_waiting) {
    traffic_->count_unavailable(1);
    x->fail(errc::upstream_unavailable);
    return;
  }
  waiting_.emplace_back(now, x);
}

// Sends what waited once a link is up; answers 91 once waiting cannot help any more.
void iso_upstream_impl::release_waiting() {
  if (waiting_.empty())
    return;
  auto limit = std::chrono::milliseconds(setup_.network.connect_timeout_ms);
  auto now = clock::now();
  bool give_up = !traffic_->is_starting() && !traffic_->any_link_up();
  reply_batch::scope replies;
  outgoing_frames out(links_.size());
  while (!waiting_.empty()) {
    auto [since, x] = waiting_.front();
    waiting_.pop_front();
    if (traffic_->any_link_up())
      dispatch(x, now, out);
    else if (give_up || now - since >= limit) {
      // Waiting for a first link, it was never counted: counted as it is answered.
      traffic_->count_unavailable(1);
      x->fail(errc::upstream_unavailable);
    } else {
      waiting_.emplace_front(since, std::move(x));
      break;
    }
  }
  flush(out);
}

std::optional<core::time_point> iso_upstream_impl::next_wakeup() const {
  auto next = traffic_->next_deadline();
  if (!waiting_.empty()) {
    auto give_up
      = waiting_.front().first + std::chrono::milliseconds(setup_.network.connect_timeout_ms);
    next = next ? std::min(*next, give_up) : give_up;
  }
  return next;
}

// One sweep is scheduled at a time, for the earliest deadline in flight.
void iso_upstream_impl::schedule_sweep() {
  auto next = next_wakeup();
  if (!next || (sweep_at_ && *sweep_at_ <= *next))
    return;
  sweep_at_ = *next;
  sweep_timer_.expires_at(*next + std::chrono::milliseconds(1));
  sweep_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec && !self->stopped_)
      self->on_sweep();
  });
}

void iso_upstream_impl::on_sweep() {
  sweep_at_.reset();
  release_waiting();
  auto expired = traffic_->expire(clock::now());
  log_timeouts(log_limits_, setup_.network.name, expired);
  // Their reversals are on disk before the acquirers hear 68.
  persist_reversals();
  answer_all(expired, errc::upstream_timeout);
  send_reversals();
  schedule_sweep();
  publish();
}

std::shared_ptr<iso_upstream> make_iso_upstream(net::io_context& io, iso_upstream_setup setup) {
  return std::make_shared<iso_upstream_impl>(io, std::move(setup));
}

} // namespace switchyard
