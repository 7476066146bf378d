// The compiled part of Asio (with its TLS layer) and of Beast, built once for the whole
// project. Every target compiles with BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION (top-level CMakeLists.txt), so their non-template
// functions (the reactor, socket operations, error categories, the HTTP parser, WebSocket's
// framing and permessage-deflate) are declared in the headers and defined only here, instead
// of being compiled and optimised again in every translation unit that includes them.

#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
