#include "actors/io/guarded_output.hpp"

#include <algorithm>
#include <utility>

namespace switchyard {

bool guarded_output::queue(std::string_view frames, guard_list guards) {
  bool urgent = false;
  for (auto& g : guards) {
    urgent = urgent || g.guard->is_urgent();
    queued_guards_.push_back({queued_.size() + g.end, std::move(g.guard)});
  }
  queued_ += frames;
  return urgent;
}

void guarded_output::wrote_queued(std::size_t n) {
  if (n == 0)
    return;
  guard_list written;
  std::erase_if(queued_guards_, [&](guarded_frame& g) {
    if (g.end > n)
      return false;
    written.push_back(std::move(g));
    return true;
  });
  for (auto& g : queued_guards_)
    g.end -= n;
  queued_.erase(0, n);
  settle(written, n);
}

const std::string& guarded_output::begin_write() {
  writing_.swap(queued_);
  queued_.clear();
  writing_guards_.swap(queued_guards_);
  queued_guards_.clear();
  return writing_;
}

void guarded_output::end_write(std::size_t written) {
  settle(writing_guards_, written);
  writing_.clear();
}

void guarded_output::drop_queued() {
  settle(queued_guards_, 0);
  queued_.clear();
}

void guarded_output::release() {
  if (!queued_.empty() || !writing_.empty())
    return;
  std::string{}.swap(queued_);
  std::string{}.swap(writing_);
  guard_list{}.swap(queued_guards_);
  guard_list{}.swap(writing_guards_);
}

// Replies written in full (their frames end within `written`) reached the connection; the
// others never will: their guards have them reversed. One record per network for all.
void guarded_output::settle(guard_list& guards, std::size_t written) {
  delivery_commit::scope commit;
  for (auto& g : guards) {
    if (g.end <= written)
      g.guard->delivered();
    else
      g.guard->undelivered();
  }
  guards.clear();
}

} // namespace switchyard
