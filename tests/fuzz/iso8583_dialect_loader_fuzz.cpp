// Loads arbitrary text as a dialect file; a loaded dialect must be consistent and usable for
// packing and unpacking, and every error must carry the file name.
#include "protocols/iso8583/describe.hpp"
#include "protocols/iso8583/dialect_loader.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace switchyard::iso8583;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const dialect_load_result r = parse_dialect(text, "fuzz.toml");
  for (const dialect_error& e : r.errors) {
    if (e.file != "fuzz.toml" || e.message.empty())
      std::abort();
  }
  if (!r.ok())
    return 0;
  const dialect& d = *r.value;
  if (!check_dialect(d).empty())
    std::abort();
  message m;
  m.set_mti("0800");
  for (int f = 2; f <= d.highest_field(); ++f) {
    const field_spec* spec = d.find(f);
    // Short fixed numerics only: a fuzzed dialect may declare fields of a megabyte.
    if (spec != nullptr && spec->type == field_type::n && spec->length == length_kind::fixed
        && spec->max_length <= 64)
      m.set(f, "1");
  }
  std::string wire;
  if (pack(m, d, wire).ok()) {
    message back;
    if (!unpack(as_byte_view(wire), d, back).ok())
      std::abort();
    (void)describe(back, d);
  }
  return 0;
}
