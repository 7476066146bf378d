#pragma once

// One request crossing the gateway, whatever its protocol: the rule that every request is
// answered exactly once, and that one dropped unanswered answers for itself, lives here.

#include "actors/io/errc.hpp"

#include <atomic>
#include <memory>
#include <type_traits>
#include <utility>

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

// Destroys exchanges through fail(): an exchange is answered, at the latest, when dropped.
template <class T>
struct answering_allocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = answering_allocator<U>;
  };

  answering_allocator() = default;

  template <class U>
  answering_allocator(const answering_allocator<U>&) noexcept {} // NOLINT: converting

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
