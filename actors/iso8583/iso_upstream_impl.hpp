#pragma once

// Internal to iso_upstream.cpp and iso_upstream_pool.cpp: a network's upstream on its strand.

#include "actors/io/log_limiter.hpp"
#include "actors/io/prober.hpp"
#include "actors/iso8583/iso_link.hpp"
#include "actors/iso8583/iso_upstream.hpp"

#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <span>

namespace switchyard {

/// Returns the framing of `n`'s upstream connections.
iso8583::framing_settings network_framing(const config::network_settings& n);

/// A network's data path and its links, all on one strand (see iso_upstream.hpp).
class iso_upstream_impl final : public iso_upstream,
                                public iso_link_events,
                                public delivery_watcher,
                                public std::enable_shared_from_this<iso_upstream_impl> {
public:
  iso_upstream_impl(boost::asio::io_context& io, iso_upstream_setup setup);

  // iso_upstream (any thread).
  void start(std::shared_ptr<reversal_journal> journal,
             std::vector<reversal_journal::owed_advice> owed) override;
  void stop() override;
  void forward(std::vector<exchange_ptr> exchanges) override;
  iso_upstream_numbers numbers() const override;
  void reset_breakers(std::vector<std::size_t> hosts) override;
  void retry_owed() override;

  // iso_link_events: called by the links, on the strand.
  void on_link_up(std::uint32_t link) override;
  void on_link_down(std::uint32_t link, std::string reason) override;
  void on_responses(std::uint32_t link, std::span<iso8583::message> responses) override;
  void on_echo(std::uint32_t, bool ok, std::string detail) override;
  void on_link_signed_off(std::uint32_t link) override;
  void on_backlog(std::uint32_t link, bool full) override;

  // delivery_watcher: called by sessions, any thread.
  void on_undelivered(iso_exchange_ptr x) override;
  void on_delivered(std::uint64_t forward_id) override;

private:
  // Frames per link, gathered while a batch is dispatched and written once per link.
  using outgoing_frames = std::vector<std::string>;

  // iso_upstream.cpp: the data path.
  void close();
  void on_forward(std::vector<exchange_ptr> batch);
  void dispatch(const iso_exchange_ptr& x, core::time_point now, outgoing_frames& out);
  void flush(outgoing_frames& out);
  void wait_for_first_link(const iso_exchange_ptr& x, core::time_point now);
  void release_waiting();
  void send_reversals();
  void write_advices(std::vector<std::pair<std::uint32_t, std::string>>& frames);
  std::optional<core::time_point> next_wakeup() const;
  void schedule_sweep();
  void on_sweep();

  // iso_upstream_pool.cpp: links, pools and published numbers.
  iso_link_settings link_settings(std::size_t host, std::uint32_t id) const;
  void open_links();
  void open_link(std::size_t host, bool overflow);
  void close_link(std::uint32_t id);
  void grow_pools();
  void schedule_pool_tick();
  void on_pool_tick();
  void start_probes();
  bool probe_on_some_link(std::chrono::milliseconds timeout);
  bool persist_reversals();
  void settle_delivered();
  void schedule_journal_retry();
  void refuse_financial_if(bool failing, const std::string& why);
  void publish();
  void publish_final();
  void add_to_tally();

  iso_strand strand_;
  iso_upstream_setup setup_;
  std::mt19937_64 random_{std::random_device{}()};
  std::unique_ptr<iso_traffic> traffic_;
  std::vector<std::shared_ptr<iso_link>> links_; // by link id; null: a free slot
  std::vector<std::size_t> link_hosts_;          // host index of each link
  std::vector<iso_host_numbers> retired_;        // counts of closed overflow links, per host
  boost::asio::steady_timer sweep_timer_;
  std::optional<core::time_point> sweep_at_;
  boost::asio::steady_timer pool_timer_;
  boost::asio::steady_timer journal_timer_; // retries a failing journal
  bool journal_retry_armed_ = false;
  bool refusing_ = false;                 // financial requests refused: the journal fails
  bool logged_at_limit_ = false;          // the bound on owed advices was reached (logged)
  std::size_t published_owed_ = SIZE_MAX; // what the published list of owed advices shows
  std::uint64_t published_acknowledged_ = 0;
  std::size_t published_owed_in_flight_ = 0;
  core::time_point owed_published_at_;
  std::shared_ptr<network_prober> prober_;    // null without active health probes
  std::shared_ptr<reversal_journal> journal_; // null: owed advices in memory only
  std::size_t next_echo_link_ = 0;
  std::deque<std::pair<core::time_point, iso_exchange_ptr>> waiting_; // for a first link
  log_limiter log_limits_; // requests refused for their own sake: a line a second per code

  struct pending_answer {
    iso_exchange_ptr exchange;
    iso8583::message* response = nullptr; // the link's buffer, valid during on_responses
    bool deliverable = true;
  };

  std::vector<pending_answer> deliveries_; // of one read
  bool stopped_ = false;
  std::mutex delivered_mutex_;
  std::vector<std::uint64_t> delivered_; // forward records whose approvals were written
  std::shared_ptr<reversal_journal> delivery_journal_; // journal_, for other threads
  mutable std::mutex numbers_mutex_;
  iso_upstream_numbers numbers_;
  network_counts tallied_; // what of traffic_'s counters the node's tally holds already
};

} // namespace switchyard
