#pragma once

// Each host's row of a network's numbers, as both protocols' upstreams publish them: load from
// the pool, connection counts from the links still kept plus those already retired.

#include "actors/io/data_path.hpp"

#include <cstddef>
#include <memory>
#include <tuple>
#include <vector>

namespace switchyard {

/// Fills `rows` (one per host) from `pool` (host_load, busy_links, breaker as of `now`), the
/// retired links' counts per host, and the links kept (null: a free slot) with the host each
/// belongs to.
template <class Pool, class Link>
void tally_hosts(std::vector<host_numbers>& rows, const Pool& pool,
                 const std::vector<host_numbers>& retired,
                 const std::vector<std::shared_ptr<Link>>& links,
                 const std::vector<std::size_t>& link_hosts, core::time_point now) {
  for (std::size_t h = 0; h < rows.size(); ++h) {
    auto& row = rows[h];
    std::tie(row.up, row.pending) = pool.host_load(h);
    row.busy = pool.busy_links(h);
    row.breaker = pool.breaker(h, now);
    row.breaker_opened = pool.breaker_opened(h);
    row.links = 0;
    row.opened = retired[h].opened;
    row.closed = retired[h].closed;
    row.recycled = retired[h].recycled;
  }
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (!links[i])
      continue;
    auto& row = rows[link_hosts[i]];
    ++row.links;
    row.opened += links[i]->opened();
    row.closed += links[i]->closed();
    row.recycled += links[i]->recycled();
  }
}

} // namespace switchyard
