#include "actors/io/relay_hub.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <vector>

namespace switchyard {

std::uint64_t relay_hub::add(const std::string& node, exchange_ptr request,
                             const protocol_factory& protocol, core::time_point deadline) {
  std::lock_guard guard{mutex_};
  auto id = next_id_++;
  entries_.emplace(id, entry{std::move(request), &protocol, node, deadline});
  return id;
}

std::optional<relay_hub::entry> relay_hub::take(std::uint64_t id) {
  std::lock_guard guard{mutex_};
  auto i = entries_.find(id);
  if (i == entries_.end())
    return std::nullopt;
  auto result = std::move(i->second);
  entries_.erase(i);
  return result;
}

namespace {

// Answers outside the lock: an answer runs the client's reply path.
template <class Predicate>
std::vector<exchange_ptr> extract(std::unordered_map<std::uint64_t, relay_hub::entry>& entries,
                                  Predicate pred) {
  std::vector<exchange_ptr> out;
  for (auto i = entries.begin(); i != entries.end();) {
    if (pred(i->second)) {
      out.push_back(std::move(i->second.request));
      i = entries.erase(i);
    } else {
      ++i;
    }
  }
  return out;
}

} // namespace

std::size_t relay_hub::fail_node(const std::string& node, errc outcome) {
  std::vector<exchange_ptr> failed;
  {
    std::lock_guard guard{mutex_};
    failed = extract(entries_, [&](const entry& e) { return e.node == node; });
  }
  for (auto& x : failed)
    x->fail(outcome);
  return failed.size();
}

std::size_t relay_hub::sweep(core::time_point now) {
  std::vector<exchange_ptr> expired;
  {
    std::lock_guard guard{mutex_};
    expired = extract(entries_, [&](const entry& e) { return e.deadline <= now; });
  }
  for (auto& x : expired)
    x->fail(errc::upstream_timeout);
  return expired.size();
}

void relay_hub::defer(std::function<void()> work) {
  boost::asio::post(io_, std::move(work));
}

std::size_t relay_hub::in_flight() const {
  std::lock_guard guard{mutex_};
  return entries_.size();
}

} // namespace switchyard
