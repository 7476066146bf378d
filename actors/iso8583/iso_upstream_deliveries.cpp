// What becomes of an ISO 8583 network's approvals once answered: the forward records of those
// written to their acquirers are settled, those that never reached theirs are reversed, and
// the reversal advices owed go out upstream. (The rest of the upstream is iso_upstream.cpp.)

#include "actors/io/log.hpp"
#include "actors/io/reply_batch.hpp"
#include "actors/iso8583/iso_log_fields.hpp"
#include "actors/iso8583/iso_upstream_impl.hpp"

#include <boost/asio/post.hpp>

namespace switchyard {

namespace net = boost::asio;

// The forward records of approvals written to their acquirers are settled right away, on
// the acquirer's thread: the journal takes them directly (it is safe from any thread), so no
// other step (and no other sync a crash could fall into) runs between the write and the
// record. All the deliveries of one write share one sync.
void iso_upstream_impl::on_delivered(std::uint64_t forward_id) {
  {
    std::lock_guard guard{delivered_mutex_};
    delivered_.push_back(forward_id);
  }
  delivery_commit::defer(shared_from_this(), [](const std::shared_ptr<void>& target) {
    std::static_pointer_cast<iso_upstream_impl>(target)->settle_delivered();
  });
}

void iso_upstream_impl::settle_delivered() {
  std::vector<std::uint64_t> ids;
  std::shared_ptr<reversal_journal> journal;
  {
    std::lock_guard guard{delivered_mutex_};
    ids.swap(delivered_);
    journal = delivery_journal_;
  }
  if (!journal || ids.empty())
    return;
  for (auto id : ids)
    journal->settle(id);
  // A failure is the strand's to handle (refusing financial requests, retrying).
  if (!journal->flush().empty())
    net::post(strand_, [self = shared_from_this()] {
      if (!self->stopped_)
        self->persist_reversals();
    });
}

void iso_upstream_impl::on_undelivered(iso_exchange_ptr x) {
  net::post(strand_, [self = shared_from_this(), x = std::move(x)] {
    if (self->stopped_)
      return;
    log(log_level::warn, self->setup_.network.name,
        iso_log_fields(x->request(), self->setup_.network.name),
        "an approval did not reach the acquirer (connection gone): reversing it");
    self->traffic_->reverse_undelivered(*x, std::chrono::steady_clock::now());
    self->persist_reversals();
    self->send_reversals();
    self->schedule_sweep();
    self->publish();
  });
}

// Reversal advices go out whenever a link can carry them; a sweep brings the retries. That an
// advice went out is on disk first, so a restart sends it as a repeat (0421), not again as
// an 0420.
void iso_upstream_impl::send_reversals() {
  auto frames = traffic_->send_reversals(std::chrono::steady_clock::now());
  if (frames.empty())
    return;
  persist_reversals();
  write_advices(frames);
}

void iso_upstream_impl::write_advices(std::vector<std::pair<std::uint32_t, std::string>>& frames) {
  for (auto& [link, frame] : frames)
    if (links_[link])
      links_[link]->send(std::move(frame));
}

} // namespace switchyard
