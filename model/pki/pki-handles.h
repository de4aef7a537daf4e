// RAII owners for the OpenSSL objects of the PKI room (internal header). The crypto core's
// OsslPtr covers EVP/BN/EC objects; this adds the X.509 ones.
#ifndef IPSECLAB_PKI_PKI_HANDLES_H
#define IPSECLAB_PKI_PKI_HANDLES_H

#include "crypto/openssl-handles.h"

#include <memory>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace ipseclab
{

struct PkiFree
{
    void operator()(X509* p) const { X509_free(p); }
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
    void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
    void operator()(X509_NAME* p) const { X509_NAME_free(p); }
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
    void operator()(X509_ALGOR* p) const { X509_ALGOR_free(p); }
    void operator()(GENERAL_NAME* p) const { GENERAL_NAME_free(p); }
    void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
    void operator()(BASIC_CONSTRAINTS* p) const { BASIC_CONSTRAINTS_free(p); }
    // ASN1_INTEGER, ASN1_BIT_STRING, ASN1_TIME, ... are all ASN1_STRING.
    void operator()(ASN1_STRING* p) const { ASN1_STRING_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
    void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};

template <typename T>
using PkiPtr = std::unique_ptr<T, PkiFree>;

} // namespace ipseclab

#endif
