#include "protocols/iso8583/codec_result.hpp"

#include "protocols/iso8583/concat.hpp"

namespace switchyard::iso8583 {

std::string to_string(const codec_result& r) {
  if (r.ok())
    return concat({"ok (", std::to_string(r.size), " bytes)"});
  std::string s;
  if (r.field == mti_element)
    s = "MTI";
  else if (r.field == bitmap_element)
    s = "bitmap";
  else if (r.field > 1)
    s = concat({"field ", std::to_string(r.field)});
  else
    s = "message";
  s += concat({" at byte ", std::to_string(r.offset), ": ", r.error.message()});
  return s;
}

} // namespace switchyard::iso8583
