#include "tests/core/allocation_counter.hpp"

#include <cstdlib>
#include <new>

// Replaces every non-aligned global allocation function of core_test (a sanitizer runtime
// supplies its own, so all forms are replaced together) to count calls on each thread.
namespace {

thread_local std::size_t allocation_count = 0;

void* allocate(std::size_t size) noexcept {
  ++allocation_count;
  return std::malloc(size == 0 ? 1 : size);
}

void* allocate_or_throw(std::size_t size) {
  if (void* p = allocate(size))
    return p;
  throw std::bad_alloc{};
}

} // namespace

namespace switchyard::core::testing {

std::size_t allocations() noexcept {
  return allocation_count;
}

} // namespace switchyard::core::testing

void* operator new(std::size_t size) {
  return allocate_or_throw(size);
}

void* operator new[](std::size_t size) {
  return allocate_or_throw(size);
}

void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size);
}

void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size);
}

void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete[](void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
