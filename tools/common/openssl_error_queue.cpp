// CAF 0.17's OpenSSL transport calls SSL_get_error without clearing the thread's OpenSSL
// error queue first, and reads the queue only to log it, with logging compiled out of
// Debian's build. One refused handshake (a peer or shell without a certificate of the
// cluster's CA) leaves its error in the queue of CAF's multiplexer thread, and the next TLS
// read that merely has to wait is then taken for a failure: healthy cluster links were cut
// each time. OpenSSL asks callers to start every TLS I/O call with an empty queue, so the
// process defines the four calls CAF makes to do that and then call OpenSSL's own. Asio
// clears the queue itself; doing it twice costs nothing.

#include <dlfcn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {

template <class Function>
Function next(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

int SSL_read(SSL* ssl, void* buf, int num) {
  static const auto real = next<int (*)(SSL*, void*, int)>("SSL_read");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static const auto real = next<int (*)(SSL*, const void*, int)>("SSL_write");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_accept(SSL* ssl) {
  static const auto real = next<int (*)(SSL*)>("SSL_accept");
  ERR_clear_error();
  return real(ssl);
}

int SSL_connect(SSL* ssl) {
  static const auto real = next<int (*)(SSL*)>("SSL_connect");
  ERR_clear_error();
  return real(ssl);
}

} // extern "C"
