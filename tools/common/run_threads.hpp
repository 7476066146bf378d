#pragma once

// Running one io_context on several threads, shared by the simulators and load generators.

#include <boost/asio/io_context.hpp>

#include <thread>
#include <vector>

namespace switchyard::tools {

/// Runs `ioc` on the calling thread and `count - 1` more until it runs out of work.
inline void run_threads(boost::asio::io_context& ioc, int count) {
  std::vector<std::thread> threads;
  for (int i = 1; i < count; ++i)
    threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads)
    t.join();
}

} // namespace switchyard::tools
