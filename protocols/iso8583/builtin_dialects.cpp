#include "protocols/iso8583/builtin_dialects.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace switchyard::iso8583 {

namespace {

using ft = field_type;
using lk = length_kind;

struct iso_field {
  int number;
  field_type type;
  length_kind length;
  std::uint32_t max_length;
  const char* name;
};

// ISO 8583:1987 data elements. Where jPOS ISO87A/BPackager differ from the standard, the jPOS
// form wins for wire compatibility: field 36 is ans (not n), 93 is an 6 (not an 5), 96 is
// b 16 bytes (not b 64 bits), 45 and 46..48 are ans. Field 55 is b...255 for EMV data.
// Fields 56..63 and 105..127 are filled in by fill_reserved().
constexpr iso_field iso87_fields[] = {
  {2, ft::n, lk::ll, 19, "primary account number"},
  {3, ft::n, lk::fixed, 6, "processing code"},
  {4, ft::n, lk::fixed, 12, "amount, transaction"},
  {5, ft::n, lk::fixed, 12, "amount, settlement"},
  {6, ft::n, lk::fixed, 12, "amount, cardholder billing"},
  {7, ft::n, lk::fixed, 10, "transmission date and time"},
  {8, ft::n, lk::fixed, 8, "amount, cardholder billing fee"},
  {9, ft::n, lk::fixed, 8, "conversion rate, settlement"},
  {10, ft::n, lk::fixed, 8, "conversion rate, cardholder billing"},
  {11, ft::n, lk::fixed, 6, "system trace audit number"},
  {12, ft::n, lk::fixed, 6, "time, local transaction"},
  {13, ft::n, lk::fixed, 4, "date, local transaction"},
  {14, ft::n, lk::fixed, 4, "date, expiration"},
  {15, ft::n, lk::fixed, 4, "date, settlement"},
  {16, ft::n, lk::fixed, 4, "date, conversion"},
  {17, ft::n, lk::fixed, 4, "date, capture"},
  {18, ft::n, lk::fixed, 4, "merchant type"},
  {19, ft::n, lk::fixed, 3, "acquiring institution country code"},
  {20, ft::n, lk::fixed, 3, "PAN extended, country code"},
  {21, ft::n, lk::fixed, 3, "forwarding institution country code"},
  {22, ft::n, lk::fixed, 3, "point of service entry mode"},
  {23, ft::n, lk::fixed, 3, "card sequence number"},
  {24, ft::n, lk::fixed, 3, "network international identifier"},
  {25, ft::n, lk::fixed, 2, "point of service condition code"},
  {26, ft::n, lk::fixed, 2, "point of service PIN capture code"},
  {27, ft::n, lk::fixed, 1, "authorization identification response length"},
  {28, ft::xn, lk::fixed, 8, "amount, transaction fee"},
  {29, ft::xn, lk::fixed, 8, "amount, settlement fee"},
  {30, ft::xn, lk::fixed, 8, "amount, transaction processing fee"},
  {31, ft::xn, lk::fixed, 8, "amount, settlement processing fee"},
  {32, ft::n, lk::ll, 11, "acquiring institution identification code"},
  {33, ft::n, lk::ll, 11, "forwarding institution identification code"},
  {34, ft::ns, lk::ll, 28, "primary account number, extended"},
  {35, ft::z, lk::ll, 37, "track 2 data"},
  {36, ft::ans, lk::lll, 104, "track 3 data"},
  {37, ft::an, lk::fixed, 12, "retrieval reference number"},
  {38, ft::an, lk::fixed, 6, "authorization identification response"},
  {39, ft::an, lk::fixed, 2, "response code"},
  {40, ft::an, lk::fixed, 3, "service restriction code"},
  {41, ft::ans, lk::fixed, 8, "card acceptor terminal identification"},
  {42, ft::ans, lk::fixed, 15, "card acceptor identification code"},
  {43, ft::ans, lk::fixed, 40, "card acceptor name/location"},
  {44, ft::an, lk::ll, 25, "additional response data"},
  {45, ft::ans, lk::ll, 76, "track 1 data"},
  {46, ft::ans, lk::lll, 999, "additional data - ISO"},
  {47, ft::ans, lk::lll, 999, "additional data - national"},
  {48, ft::ans, lk::lll, 999, "additional data - private"},
  {49, ft::an, lk::fixed, 3, "currency code, transaction"},
  {50, ft::an, lk::fixed, 3, "currency code, settlement"},
  {51, ft::an, lk::fixed, 3, "currency code, cardholder billing"},
  {52, ft::b, lk::fixed, 8, "personal identification number data"},
  {53, ft::n, lk::fixed, 16, "security related control information"},
  {54, ft::an, lk::lll, 120, "additional amounts"},
  {55, ft::b, lk::lll, 255, "ICC data (EMV)"},
  {64, ft::b, lk::fixed, 8, "message authentication code"},
  {65, ft::b, lk::fixed, 1, "bitmap, extended"},
  {66, ft::n, lk::fixed, 1, "settlement code"},
  {67, ft::n, lk::fixed, 2, "extended payment code"},
  {68, ft::n, lk::fixed, 3, "receiving institution country code"},
  {69, ft::n, lk::fixed, 3, "settlement institution country code"},
  {70, ft::n, lk::fixed, 3, "network management information code"},
  {71, ft::n, lk::fixed, 4, "message number"},
  {72, ft::n, lk::fixed, 4, "message number, last"},
  {73, ft::n, lk::fixed, 6, "date, action"},
  {74, ft::n, lk::fixed, 10, "credits, number"},
  {75, ft::n, lk::fixed, 10, "credits, reversal number"},
  {76, ft::n, lk::fixed, 10, "debits, number"},
  {77, ft::n, lk::fixed, 10, "debits, reversal number"},
  {78, ft::n, lk::fixed, 10, "transfer, number"},
  {79, ft::n, lk::fixed, 10, "transfer, reversal number"},
  {80, ft::n, lk::fixed, 10, "inquiries, number"},
  {81, ft::n, lk::fixed, 10, "authorizations, number"},
  {82, ft::n, lk::fixed, 12, "credits, processing fee amount"},
  {83, ft::n, lk::fixed, 12, "credits, transaction fee amount"},
  {84, ft::n, lk::fixed, 12, "debits, processing fee amount"},
  {85, ft::n, lk::fixed, 12, "debits, transaction fee amount"},
  {86, ft::n, lk::fixed, 16, "credits, amount"},
  {87, ft::n, lk::fixed, 16, "credits, reversal amount"},
  {88, ft::n, lk::fixed, 16, "debits, amount"},
  {89, ft::n, lk::fixed, 16, "debits, reversal amount"},
  {90, ft::n, lk::fixed, 42, "original data elements"},
  {91, ft::an, lk::fixed, 1, "file update code"},
  {92, ft::an, lk::fixed, 2, "file security code"},
  {93, ft::an, lk::fixed, 6, "response indicator"},
  {94, ft::an, lk::fixed, 7, "service indicator"},
  {95, ft::an, lk::fixed, 42, "replacement amounts"},
  {96, ft::b, lk::fixed, 16, "message security code"},
  {97, ft::xn, lk::fixed, 16, "amount, net settlement"},
  {98, ft::ans, lk::fixed, 25, "payee"},
  {99, ft::n, lk::ll, 11, "settlement institution identification code"},
  {100, ft::n, lk::ll, 11, "receiving institution identification code"},
  {101, ft::ans, lk::ll, 17, "file name"},
  {102, ft::ans, lk::ll, 28, "account identification 1"},
  {103, ft::ans, lk::ll, 28, "account identification 2"},
  {104, ft::ans, lk::lll, 100, "transaction description"},
  {128, ft::b, lk::fixed, 8, "message authentication code"},
};

void fill_reserved(dialect& d, int first, int last, const char* name) {
  for (int f = first; f <= last; ++f) {
    define_field(d, f, ft::ans, lk::lll, 999);
    d.names[static_cast<std::size_t>(f)] = name;
  }
}

dialect make_iso87(std::string name, const dialect_defaults& defaults) {
  dialect d;
  d.name = std::move(name);
  d.defaults = defaults;
  for (const iso_field& f : iso87_fields) {
    define_field(d, f.number, f.type, f.length, f.max_length);
    d.names[static_cast<std::size_t>(f.number)] = f.name;
  }
  fill_reserved(d, 56, 56, "reserved ISO");
  fill_reserved(d, 57, 59, "reserved national");
  fill_reserved(d, 60, 63, "reserved private");
  fill_reserved(d, 105, 111, "reserved ISO");
  fill_reserved(d, 112, 119, "reserved national");
  fill_reserved(d, 120, 127, "reserved private");
  return d;
}

dialect make_ascii(std::string name, bitmap_encoding bitmap) {
  dialect d = make_iso87(std::move(name), dialect_defaults{});
  d.mti = mti_encoding::ascii;
  d.bitmap = bitmap;
  // jPOS ISO87APackager: field 55 is IFA_LLLCHAR, so the prefix counts the hex characters.
  d.fields[55].prefix_counts = length_unit::encoded;
  return d;
}

dialect make_binary() {
  // jPOS ISO87BPackager: fixed numerics left-padded BCD, LLNUM fields right-padded (pad=false).
  const dialect_defaults defaults{data_encoding::bcd_left, data_encoding::bcd_right,
                                  data_encoding::ascii, data_encoding::binary,
                                  prefix_encoding::bcd};
  dialect d = make_iso87("iso87-binary", defaults);
  d.mti = mti_encoding::bcd;
  d.bitmap = bitmap_encoding::binary;
  return d;
}

} // namespace

const dialect& iso87_ascii() {
  static const dialect d = make_ascii("iso87-ascii", bitmap_encoding::hex);
  return d;
}

const dialect& iso87_binary() {
  static const dialect d = make_binary();
  return d;
}

const dialect& iso87_ascii_binary_bitmap() {
  static const dialect d = make_ascii("iso87-ascii-binary-bitmap", bitmap_encoding::binary);
  return d;
}

const dialect* find_builtin_dialect(std::string_view name) {
  if (name == "iso87-ascii")
    return &iso87_ascii();
  if (name == "iso87-binary")
    return &iso87_binary();
  if (name == "iso87-ascii-binary-bitmap")
    return &iso87_ascii_binary_bitmap();
  return nullptr;
}

} // namespace switchyard::iso8583
