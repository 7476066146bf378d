#pragma once

#include "protocols/iso8583/message.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace switchyard::iso8583::testing {

/// Returns the bytes spelled by `hex`, ignoring spaces (independent of the library's hex).
inline std::string bytes_of(std::string_view hex) {
  auto value = [](char c) {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return c - 'a' + 10;
  };
  std::string out;
  int high = -1;
  for (char c : hex) {
    if (c == ' ')
      continue;
    if (high < 0) {
      high = value(c);
    } else {
      out.push_back(static_cast<char>((high << 4) | value(c)));
      high = -1;
    }
  }
  return out;
}

/// The EMV data of the reference authorization: 9F02 (amount) and 82 (AIP).
inline std::string reference_emv() {
  return bytes_of("9F02 06 000000001000 82 02 5800");
}

/// A typical 0200 financial request with ten fields, among them PAN, track 2, PIN and EMV.
inline message reference_0200() {
  message m;
  m.set_mti("0200");
  m.set(2, "4761739001010119");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(7, "0612143015");
  m.set(11, "000123");
  m.set(35, "4761739001010119=2212201");
  m.set(41, "TERM0001");
  m.set(49, "840");
  m.set(52, bytes_of("123456789ABCDEF0"));
  m.set(55, reference_emv());
  return m;
}

/// A 0800 echo test: fields 7, 11 and 70 (which needs the secondary bitmap).
inline message reference_0800() {
  message m;
  m.set_mti("0800");
  m.set(7, "0612143015");
  m.set(11, "000001");
  m.set(70, "301");
  return m;
}

/// A larger 0200 of 20 fields, the benchmark's workload.
inline message authorization_0200() {
  message m = reference_0200();
  m.set(12, "143015");
  m.set(13, "0612");
  m.set(14, "2212");
  m.set(18, "5999");
  m.set(22, "051");
  m.set(25, "00");
  m.set(32, "12345678901");
  m.set(37, "123456789012");
  m.set(42, "MERCHANT0000001");
  m.set(43, "ACME STORE              SPRINGFIELD   US");
  return m;
}

} // namespace switchyard::iso8583::testing
