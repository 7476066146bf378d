#pragma once

// One request crossing the gateway, whatever its protocol: the rule that every request is
// answered exactly once, and that one dropped unanswered answers for itself, lives here.

#include "actors/io/errc.hpp"

#include <atomic>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace switchyard {

/// One request on its way from a listener to a network and back. Answered exactly once;
/// one whose last owner lets go of it unanswered (a stopping connector) answers for itself
/// with errc::upstream_unavailable, so no client waits on silence. Create with make_exchange.
class exchange {
public:
  virtual ~exchange() = default;

  exchange(const exchange&) = delete;
  exchange& operator=(const exchange&) = delete;

  /// Answers with the protocol's answer to `outcome` (ISO 8583 field 39, a JSON-RPC error
  /// object); false when the exchange was answered already.
  virtual bool fail(errc outcome) = 0;

  /// Returns whether an answer has been sent.
  bool is_answered() const noexcept { return answered_.load(std::memory_order_acquire); }

protected:
  exchange() = default;

  /// Claims the one answer: true for the first caller only, who must then send it.
  bool claim() noexcept { return !answered_.exchange(true, std::memory_order_acq_rel); }

private:
  std::atomic<bool> answered_{false};
};

/// Shared ownership of an exchange as it travels from listener to network.
using exchange_ptr = std::shared_ptr<exchange>;

namespace detail {

// Blocks for objects of type T given back on this thread, handed out again before asking
// malloc. An ISO 8583 exchange carries a decoded message of ~1.6 KB: glibc serves that size
// from its slower bins (its per-thread cache stops at 1 KiB), at one exchange per request.
template <class T>
class recycled_blocks {
public:
  static constexpr std::size_t kept_per_thread = 256;

  static T* take() noexcept {
    if (gone)
      return nullptr;
    auto& blocks = list().blocks;
    if (blocks.empty())
      return nullptr;
    T* block = blocks.back();
    blocks.pop_back();
    return block;
  }

  // Returns false when the block is not kept (the caller frees it).
  static bool keep(T* block) noexcept {
    if (gone)
      return false;
    auto& blocks = list().blocks;
    if (blocks.size() == kept_per_thread)
      return false;
    blocks.push_back(block); // within the capacity reserved: no allocation, no throw
    return true;
  }

private:
  struct kept {
    std::vector<T*> blocks;

    kept() { blocks.reserve(kept_per_thread); }

    ~kept() {
      gone = true; // blocks given back on this thread from now on are freed at once
      for (T* block : blocks)
        std::allocator<T>{}.deallocate(block, 1);
    }

    kept(const kept&) = delete;
    kept& operator=(const kept&) = delete;
  };

  static kept& list() {
    thread_local kept instance;
    return instance;
  }

  static inline thread_local bool gone = false;
};

// Destroys exchanges through fail(): an exchange is answered, at the latest, when dropped.
// Its memory is recycled on the thread that frees it.
template <class T>
struct answering_allocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = answering_allocator<U>;
  };

  answering_allocator() = default;

  template <class U>
  answering_allocator(const answering_allocator<U>&) noexcept {} // NOLINT: converting

  T* allocate(std::size_t n) {
    if (n == 1)
      if (T* block = recycled_blocks<T>::take())
        return block;
    return std::allocator<T>::allocate(n);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    if (n == 1 && recycled_blocks<T>::keep(p))
      return;
    std::allocator<T>::deallocate(p, n);
  }

  template <class U>
  void destroy(U* p) {
    if constexpr (std::is_base_of_v<exchange, U>)
      p->fail(errc::upstream_unavailable);
    p->~U();
  }
};

} // namespace detail

/// Creates an exchange of type `T` (derived from exchange) in one allocation.
template <class T, class... Args>
std::shared_ptr<T> make_exchange(Args&&... args) {
  static_assert(std::is_base_of_v<exchange, T>);
  return std::allocate_shared<T>(detail::answering_allocator<T>{}, std::forward<Args>(args)...);
}

} // namespace switchyard
