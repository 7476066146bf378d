#include "actors/io/io_runtime.hpp"

#include "actors/io/log.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <csignal>

namespace switchyard {

struct io_runtime::work {
  explicit work(boost::asio::io_context& ctx) : guard(ctx.get_executor()) {}

  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard;
};

namespace {

// A handler that throws must not take the node down with std::terminate: log and go on.
void run_guarded(boost::asio::io_context& ctx) {
  for (;;) {
    try {
      ctx.run();
      return;
    } catch (const std::exception& e) {
      log(log_level::error, "io", std::string{"handler failed: "} + e.what());
    } catch (...) {
      log(log_level::error, "io", "handler failed with an unknown exception");
    }
  }
}

} // namespace

io_runtime::io_runtime(std::size_t threads)
    : context_(std::make_unique<boost::asio::io_context>(static_cast<int>(threads))),
      work_(std::make_unique<work>(*context_)) {
  if (threads == 0)
    threads = 1;
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i)
    threads_.emplace_back([ctx = context_.get()] { run_guarded(*ctx); });
}

io_runtime::~io_runtime() {
  stop();
}

void io_runtime::stop() {
  work_.reset();
  context_->stop();
  for (auto& t : threads_)
    if (t.joinable())
      t.join();
  threads_.clear();
}

} // namespace switchyard
