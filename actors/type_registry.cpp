#include "actors/type_registry.hpp"

#include "actors/messages.hpp"
#include "supervision/supervision_messages.hpp"

#include "caf/actor_system_config.hpp"
#include "caf/message.hpp"

namespace switchyard {

namespace {

std::string render_errc(uint8_t code, caf::atom_value, const caf::message& context) {
  auto result = "switchyard::" + to_string(static_cast<errc>(code));
  if (!context.empty())
    result += caf::to_string(context);
  return result;
}

} // namespace

void add_message_types(caf::actor_system_config& cfg) {
  supervision::add_message_types(cfg);
  cfg.add_message_types<caf::id_block::switchyard>();
  cfg.add_error_category(caf::atom("switchyard"), render_errc);
}

} // namespace switchyard
