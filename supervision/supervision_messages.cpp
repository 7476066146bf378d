#include "supervision/supervision_messages.hpp"

#include "caf/actor_system_config.hpp"

namespace switchyard::supervision {

void add_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::supervision>();
  cfg.add_error_category(supervision_error_category,
                         [](std::uint8_t code, caf::atom_value, const caf::message& context) {
                           return render_supervision_error(code, context);
                         });
}

} // namespace switchyard::supervision
