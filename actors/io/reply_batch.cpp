#include "actors/io/reply_batch.hpp"

#include <vector>

namespace switchyard {

namespace {

struct pending_delivery {
  std::shared_ptr<void> target;
  reply_batch::deliver_function deliver = nullptr;
  std::string frames;
  std::size_t count = 0;
  guard_list guards;
};

struct batch_state {
  int depth = 0;
  std::vector<pending_delivery> deliveries;
};

thread_local batch_state current;

pending_delivery* find(const std::shared_ptr<void>& target) {
  for (auto& d : current.deliveries)
    if (d.target == target)
      return &d;
  return nullptr;
}

} // namespace

reply_batch::scope::scope() {
  ++current.depth;
}

reply_batch::scope::~scope() {
  if (--current.depth > 0)
    return;
  auto deliveries = std::move(current.deliveries);
  current.deliveries.clear();
  for (auto& d : deliveries)
    d.deliver(d.target, std::move(d.frames), d.count, std::move(d.guards));
}

std::string* reply_batch::add(const std::shared_ptr<void>& target, deliver_function deliver) {
  if (current.depth == 0)
    return nullptr;
  if (auto* d = find(target)) {
    ++d->count;
    return &d->frames;
  }
  current.deliveries.push_back(pending_delivery{target, deliver, {}, 1, {}});
  return &current.deliveries.back().frames;
}

void reply_batch::guard(const std::shared_ptr<void>& target,
                        std::shared_ptr<delivery_guard> guard) {
  if (auto* d = find(target))
    d->guards.push_back({d->frames.size(), std::move(guard)});
}

namespace {

struct commit_state {
  int depth = 0;
  std::vector<std::pair<std::shared_ptr<void>, delivery_commit::commit_function>> pending;
};

thread_local commit_state commits;

} // namespace

delivery_commit::scope::scope() {
  ++commits.depth;
}

delivery_commit::scope::~scope() {
  if (--commits.depth > 0)
    return;
  auto pending = std::move(commits.pending);
  commits.pending.clear();
  for (auto& [target, commit] : pending)
    commit(target);
}

void delivery_commit::defer(const std::shared_ptr<void>& target, commit_function commit) {
  if (commits.depth == 0)
    return commit(target);
  for (const auto& [t, c] : commits.pending)
    if (t == target)
      return;
  commits.pending.emplace_back(target, commit);
}

} // namespace switchyard
