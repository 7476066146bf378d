#include "tests/core/allocation_counter.hpp"

#include <cstdlib>
#include <new>

// Replaces the global allocation functions of core_test so that tests can assert that a hot
// path does not allocate; the array and nothrow forms forward to these.
namespace {

thread_local std::size_t allocation_count = 0;

} // namespace

namespace switchyard::core::testing {

std::size_t allocations() noexcept {
  return allocation_count;
}

} // namespace switchyard::core::testing

void* operator new(std::size_t size) {
  ++allocation_count;
  if (void* p = std::malloc(size == 0 ? 1 : size))
    return p;
  throw std::bad_alloc{};
}

void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
