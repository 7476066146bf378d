#pragma once

// Encryption of reversal journal records at rest (PCI DSS 3.4: card data is unreadable
// wherever it is stored): AES-256-GCM with a key read from a file, a fresh nonce per record
// and the record's kind and id as associated data, so a record cannot be moved to another
// id or kind unnoticed. Plain class over OpenSSL: no actors, no sockets.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard {

/// Seals and opens journal payloads with one AES-256 key.
class journal_cipher {
public:
  /// The outcome of loading a key file: a cipher, or why there is none.
  struct loaded;

  /// Reads a key file holding 64 hex digits (32 bytes; whitespace around them ignored). The
  /// file must not be readable by group or others.
  static loaded load(const std::string& key_file);

  /// Uses `key` directly (tests).
  explicit journal_cipher(const std::array<std::uint8_t, 32>& key);

  /// Returns `plain` encrypted and authenticated: nonce, ciphertext and tag, in hex.
  std::string seal(std::string_view plain, std::string_view associated) const;

  /// Returns the plaintext of a sealed payload, or nothing when it is malformed, was sealed
  /// with another key or for other associated data, or was altered.
  std::optional<std::string> open(std::string_view sealed, std::string_view associated) const;

  /// Returns eight hex digits that name the key without revealing it (a SHA-256 prefix), so
  /// a journal written under another key is recognised as such.
  const std::string& fingerprint() const noexcept { return fingerprint_; }

private:
  std::array<std::uint8_t, 32> key_;
  std::string fingerprint_;
  mutable std::uint64_t counter_ = 0;       // with the random prefix: no nonce is used twice
  std::array<std::uint8_t, 4> prefix_ = {}; // random per cipher object
};

struct journal_cipher::loaded {
  std::optional<journal_cipher> cipher;
  std::string error; ///< names the file and what is wrong, when there is no cipher
};

} // namespace switchyard
