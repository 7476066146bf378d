#pragma once

// The JSON-RPC upstream's implementation, shared by its two translation units: the calls
// (rpc_upstream.cpp: forwarding, answers, deadlines, calls waiting for a connection) and the
// connections (rpc_upstream_links.cpp: links up and down, pools, probes, numbers). All of it
// runs on the network's strand. Asio only: no actors here.

#include "actors/io/host_tally.hpp"
#include "actors/io/log.hpp"
#include "actors/io/log_limiter.hpp"
#include "actors/io/prober.hpp"
#include "actors/io/strand.hpp"
#include "actors/jsonrpc/rpc_exchange.hpp"
#include "actors/jsonrpc/rpc_link.hpp"
#include "actors/jsonrpc/rpc_upstream.hpp"
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

namespace switchyard::rpc_upstream_detail {

namespace net = boost::asio;
using clock = std::chrono::steady_clock;

inline constexpr auto pool_tick = std::chrono::seconds(1);
// Calls waiting for a free connection at most; past it they are refused at once (-32002).
inline constexpr std::size_t max_waiting = 10000;
inline constexpr std::size_t max_probe_depth = 64;

inline std::string token_text(std::uint64_t token) {
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
        retired_(setup_.network.hosts.size()),
        tally_(setup_.tally ? setup_.tally : std::make_shared<network_tally>()),
        counters_(*tally_) {
    numbers_.hosts.resize(setup_.network.hosts.size());
  }

  // rpc_upstream (any thread).
  void start() override;

  void stop() override;

  void reset_breakers(std::vector<std::size_t> hosts) override;

  // Dispatched, not posted: from an I/O thread while the strand is idle the calls go out at
  // once, saving a trip through the scheduler per batch. Safe because everything the strand
  // hands back to sessions (answers, failures) is posted to them.
  void forward(std::vector<exchange_ptr> exchanges) override;

  network_numbers numbers() const override;

  // rpc_link_events (on the strand).
  void on_link_up(std::uint32_t link) override;

  void on_link_down(std::uint32_t link, std::string reason,
                    std::vector<std::uint64_t> lost) override;

  void on_reply(std::uint32_t link, std::uint64_t token, rpc_reply reply) override;

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

  std::string provider(std::size_t host) const;

  std::chrono::milliseconds timeout_for(std::string_view method) const;

  // Answers the call with what its provider said; returns what was wrong with the answer
  // (a failure of the provider), empty when it was a valid JSON-RPC answer.
  std::string settle(const pending_call& p, const rpc_reply& reply);

  void warn_provider(const pending_call& p, const std::string& problem);

  void on_forward(std::vector<exchange_ptr> batch);

  // Sends the call on a link with room, or lets it wait for one (until its deadline).
  void dispatch(const rpc_exchange_ptr& x, clock::time_point now);

  void wait(const rpc_exchange_ptr& x, clock::time_point now);

  void send(std::uint32_t link, const rpc_exchange_ptr& x, clock::time_point now);

  // Links with room take the calls that wait, oldest first.
  void release_waiting();

  bool has_room(std::uint32_t link) const;

  std::optional<std::uint32_t> any_link_with_room() const;

  // Deadlines: a call past its deadline is answered -32001 and its connection dropped (the
  // answers behind it on that connection cannot come sooner); a call waiting too long for
  // a connection is answered -32001 too.
  void schedule_sweep();

  void on_sweep();

  void open_links();

  // Whether calls should wait for a connection rather than fail at once: some connection
  // has not been tried yet, or one that was up is reconnecting.
  bool links_may_come_up() const { return pool_.is_starting() || reconnecting_count_ > 0; }

  void set_reconnecting(std::uint32_t link, bool reconnecting);

  void open_link(std::size_t host, bool overflow);

  void close_link(std::uint32_t id);

  void grow_pools();

  void schedule_pool_tick();

  // A probe is a call of health_check.method on a connection with room, taking turns. When
  // every connection is busy with calls, the answers they got since the last probe are the
  // proof of health (a probe would only wait behind them).
  bool probe_on_some_link(std::chrono::milliseconds timeout);

  void close();

  // Copies the strand's numbers for readers on other threads.
  void publish();

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
  // Counted straight into the node's tally when there is one, so the counts outlive this
  // upstream (a connector restart); else into one of its own.
  std::shared_ptr<network_tally> tally_;
  network_tally& counters_;
  mutable std::mutex numbers_mutex_;
  network_numbers numbers_;
};

} // namespace switchyard::rpc_upstream_detail
