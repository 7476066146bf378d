#include "supervision/supervision_errc.hpp"

#include "caf/message.hpp"

namespace switchyard::supervision {

std::string to_string(supervision_errc x) {
  switch (x) {
    case supervision_errc::restart_intensity_exceeded:
      return "restart_intensity_exceeded";
    case supervision_errc::no_such_child:
      return "no_such_child";
    case supervision_errc::duplicate_child:
      return "duplicate_child";
    case supervision_errc::start_failed:
      return "start_failed";
    case supervision_errc::shutting_down:
      return "shutting_down";
  }
  return "unknown";
}

std::string render_supervision_error(std::uint8_t code, const caf::message& context) {
  auto result = "supervision_errc::" + to_string(static_cast<supervision_errc>(code));
  if (!context.empty())
    result += caf::to_string(context);
  return result;
}

} // namespace switchyard::supervision
