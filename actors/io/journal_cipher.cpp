#include "actors/io/journal_cipher.hpp"

#include "protocols/iso8583/hex.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <sys/stat.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace switchyard {

namespace {

constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;

using cipher_context = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

cipher_context new_context() {
  return {EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
}

std::string trimmed(std::string text) {
  auto space = [](unsigned char c) {
    return std::isspace(c) != 0;
  };
  while (!text.empty() && space(static_cast<unsigned char>(text.back())))
    text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && space(static_cast<unsigned char>(text[start])))
    ++start;
  return text.substr(start);
}

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

} // namespace

journal_cipher::loaded journal_cipher::load(const std::string& key_file) {
  loaded result;

  struct stat st {};

  if (::stat(key_file.c_str(), &st) != 0) {
    result.error = key_file + ": " + std::strerror(errno);
    return result;
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    result.error = key_file + ": readable by group or others (it must be mode 600 or 400)";
    return result;
  }
  std::ifstream in{key_file};
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    result.error = key_file + ": cannot read";
    return result;
  }
  auto key_bytes = iso8583::from_hex(trimmed(text.str()));
  if (!key_bytes || key_bytes->size() != 32) {
    result.error = key_file
                   + ": expected 64 hex digits (a 256-bit key), e.g. from "
                     "'openssl rand -hex 32'";
    return result;
  }
  std::array<std::uint8_t, 32> key{};
  std::memcpy(key.data(), key_bytes->data(), key.size());
  result.cipher.emplace(key);
  return result;
}

journal_cipher::journal_cipher(const std::array<std::uint8_t, 32>& key) : key_(key) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(key_.data(), key_.size(), digest.data());
  fingerprint_ = iso8583::to_hex({digest.data(), 4});
  // A random prefix per cipher object keeps nonces apart across restarts under one key.
  if (RAND_bytes(prefix_.data(), static_cast<int>(prefix_.size())) != 1)
    std::memcpy(prefix_.data(), &digest[4], prefix_.size());
}

std::string journal_cipher::seal(std::string_view plain, std::string_view associated) const {
  std::array<unsigned char, nonce_size> nonce{};
  std::memcpy(nonce.data(), prefix_.data(), prefix_.size());
  auto count = ++counter_;
  std::memcpy(nonce.data() + prefix_.size(), &count, sizeof(count));
  std::string out(nonce_size + plain.size() + tag_size, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  std::memcpy(o, nonce.data(), nonce_size);
  auto ctx = new_context();
  int n = 0;
  int ok = ctx != nullptr
           && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce.data())
           && EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(associated),
                                static_cast<int>(associated.size()))
           && EVP_EncryptUpdate(ctx.get(), o + nonce_size, &n, bytes(plain),
                                static_cast<int>(plain.size()))
           && EVP_EncryptFinal_ex(ctx.get(), o + nonce_size + n, &n)
           && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size,
                                  o + nonce_size + plain.size());
  if (!ok)
    return {};
  return iso8583::to_hex(iso8583::as_byte_view(out));
}

std::optional<std::string> journal_cipher::open(std::string_view sealed,
                                                std::string_view associated) const {
  auto raw = iso8583::from_hex(sealed);
  if (!raw || raw->size() < nonce_size + tag_size)
    return std::nullopt;
  const auto* in = reinterpret_cast<const unsigned char*>(raw->data());
  auto text_size = raw->size() - nonce_size - tag_size;
  std::string plain(text_size, '\0');
  auto* p = reinterpret_cast<unsigned char*>(plain.data());
  std::array<unsigned char, tag_size> tag{};
  std::memcpy(tag.data(), in + nonce_size + text_size, tag_size);
  auto ctx = new_context();
  int n = 0;
  int ok = ctx != nullptr
           && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), in)
           && EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(associated),
                                static_cast<int>(associated.size()))
           && EVP_DecryptUpdate(ctx.get(), p, &n, in + nonce_size, static_cast<int>(text_size))
           && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag.data())
           && EVP_DecryptFinal_ex(ctx.get(), p + n, &n) > 0;
  if (!ok)
    return std::nullopt;
  return plain;
}

} // namespace switchyard
