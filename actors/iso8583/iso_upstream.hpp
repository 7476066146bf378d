#pragma once

// One ISO 8583 network's data path on the node's I/O threads: its links, the traffic
// decisions (iso_traffic), deadlines, requests waiting for a first connection and reversal
// advices, all on the network's one strand. Sessions hand it exchanges without a message
// hop and its links hand it responses with a plain call, so a transaction never waits for
// a thread to wake up; its connector actor starts it, stops it and reads its numbers.
// Asio only: no actors here.

#include "actors/io/data_path.hpp"
#include "actors/io/route_board.hpp"
#include "actors/iso8583/iso_traffic.hpp"
#include "actors/iso8583/reversal_journal.hpp"
#include "config/settings.hpp"
#include "protocols/iso8583/dialect.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard {

/// One host's connections as last published.
using iso_host_numbers = host_numbers;

/// A network's numbers as last published by its strand, readable from any thread.
struct iso_upstream_numbers {
  iso_traffic_counters counters;
  std::uint32_t links = 0;
  std::uint32_t links_up = 0;
  std::uint64_t remapped = 0;
  std::uint64_t in_flight = 0;
  std::uint64_t waiting = 0; ///< requests waiting for a first connection
  std::uint64_t reversals_pending = 0;
  std::uint64_t reversals_in_flight = 0; ///< of those, sent and not answered yet
  std::uint64_t reversals_acknowledged = 0;
  std::uint64_t reversals_refused = 0; ///< 0430s that did not settle their advice (retried)
  std::uint64_t quarantined = 0;       ///< journal lines kept apart as unreadable (all time)
  std::string journal;                 ///< the journal's path; empty: in memory only
  std::vector<std::string> alarms;     ///< what an operator must act on, now
  std::vector<owed_advice_view> owed;  ///< the oldest owed advices (at most 200)
  std::vector<iso_host_numbers> hosts;
  core::latency_histogram latency; ///< how long answered requests took upstream
};

/// What the network's connector hears from its upstream (called on the upstream's strand).
using iso_upstream_events = network_events;

/// How an upstream is built: the network and what was loaded for it.
struct iso_upstream_setup {
  config::network_settings network;
  std::shared_ptr<const iso8583::dialect> dialect;
  std::shared_ptr<boost::asio::ssl::context> tls; ///< null for plain TCP
  std::shared_ptr<iso_upstream_events> events;
  std::shared_ptr<network_tally> tally; ///< the node's counters of the network; null: none
};

/// A network's data path; forward() is its network_port side, usable from any thread.
class iso_upstream : public network_port {
public:
  /// Takes back the advices `journal` still owed, keeps every later change of the advices
  /// owed in it (null: in memory only), and starts connecting the network's pools.
  virtual void start(std::shared_ptr<reversal_journal> journal,
                     std::vector<reversal_journal::owed_advice> owed)
    = 0;

  /// Closes every link for good; exchanges in flight or waiting are answered 91, and any
  /// exchange forwarded afterwards is answered 91 at once.
  virtual void stop() = 0;

  /// Returns the numbers as of the strand's last step.
  virtual iso_upstream_numbers numbers() const = 0;

  /// Closes the breakers of `hosts` (indexes into the network's hosts), on the strand.
  virtual void reset_breakers(std::vector<std::size_t> hosts) = 0;

  /// Sends the owed advices that wait for their next attempt now, on the strand.
  virtual void retry_owed() = 0;
};

/// Creates the upstream of `setup.network` on `io` (not started).
std::shared_ptr<iso_upstream> make_iso_upstream(boost::asio::io_context& io,
                                                iso_upstream_setup setup);

} // namespace switchyard
