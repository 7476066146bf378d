#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

namespace switchyard {

/// The strand a network's data path runs on: its links, its decisions and its probes.
using io_strand = boost::asio::strand<boost::asio::io_context::executor_type>;

} // namespace switchyard
