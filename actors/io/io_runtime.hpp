#pragma once

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace switchyard {

/// The Asio threads of a node: listeners and upstream links run here, actors never do.
class io_runtime {
public:
  /// Starts `threads` threads (at least one) running one io_context.
  explicit io_runtime(std::size_t threads);

  /// Stops the io_context and joins its threads.
  ~io_runtime();

  io_runtime(const io_runtime&) = delete;
  io_runtime& operator=(const io_runtime&) = delete;

  /// Returns the io_context sockets and timers are created on.
  boost::asio::io_context& context() noexcept { return *context_; }

  /// Stops the io_context and joins its threads; idempotent.
  void stop();

private:
  struct work;
  std::unique_ptr<boost::asio::io_context> context_;
  std::unique_ptr<work> work_;
  std::vector<std::thread> threads_;
};

} // namespace switchyard
