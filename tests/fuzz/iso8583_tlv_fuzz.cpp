// Parses arbitrary bytes as EMV BER-TLV, flat and nested; parsed objects must lie inside the
// input and rebuild into data that parses to the same objects.
#include "protocols/iso8583/masking.hpp"
#include "protocols/iso8583/tlv.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace switchyard::iso8583;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const byte_view in{data, size};
  std::vector<tlv_item> nested;
  (void)parse_tlv(in, nested, {true, 8});
  for (const tlv_item& item : nested) {
    if (item.value.data() < data || item.value.data() + item.value.size() > data + size)
      std::abort();
  }
  std::vector<tlv_item> flat;
  if (!parse_tlv(in, flat).ok())
    return 0;
  std::vector<tlv_field> fields;
  for (const tlv_item& item : flat)
    fields.push_back({item.tag, item.value});
  std::string rebuilt;
  if (build_tlv(fields, rebuilt))
    std::abort();
  std::vector<tlv_item> again;
  if (!parse_tlv(as_byte_view(rebuilt), again).ok() || again.size() != flat.size())
    std::abort();
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if (again[i].tag != flat[i].tag
        || as_string_view(again[i].value) != as_string_view(flat[i].value))
      std::abort();
  }
  if (mask_tlv(in).empty() && !flat.empty())
    std::abort();
  return 0;
}
