#include "actors/io/route_board.hpp"

namespace switchyard {

route_board::route_board()
    : current_(std::make_shared<const route_snapshot>(
      route_snapshot{core::routing_table{std::vector<config::network_settings>{}}, {}, {}})) {}

} // namespace switchyard
