#include "pki/trust-store.h"

#include "pki/pki-error.h"
#include "pki/pki-handles.h"

#include <openssl/err.h>

namespace ipseclab
{

void
TrustStore::AddRoot(const Certificate& root)
{
    if (!root.IsCa())
    {
        throw PkiError("trust store: '" + root.GetSubjectDn() + "' is not a CA certificate");
    }
    m_roots.push_back(root);
}

const std::vector<Certificate>&
TrustStore::GetRoots() const
{
    return m_roots;
}

VerifyResult
TrustStore::Verify(const Certificate& endEntity, const std::vector<Certificate>& intermediates,
                   int64_t time) const
{
    // A fresh X509_STORE per call: OpenSSL caches verification results in the store and
    // certificates, and a store shared across calls would tie results to call order.
    PkiPtr<X509_STORE> store(X509_STORE_new());
    PkiPtr<STACK_OF(X509)> chain(sk_X509_new_null());
    PkiPtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    if (!store || !chain || !ctx)
    {
        ThrowPkiOpenSslError("verification set-up");
    }
    for (const auto& root : m_roots)
    {
        if (X509_STORE_add_cert(store.get(), root.Native()) != 1)
        {
            ThrowPkiOpenSslError("X509_STORE_add_cert");
        }
    }
    for (const auto& intermediate : intermediates)
    {
        if (!X509_add_cert(chain.get(), intermediate.Native(), X509_ADD_FLAG_UP_REF))
        {
            ThrowPkiOpenSslError("intermediate certificates");
        }
    }
    if (X509_STORE_CTX_init(ctx.get(), store.get(), endEntity.Native(), chain.get()) != 1)
    {
        ThrowPkiOpenSslError("X509_STORE_CTX_init");
    }
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(time));
    // X.509 v3 rules apply to every certificate, as strongSwan requires.
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);

    VerifyResult result;
    int rc = X509_verify_cert(ctx.get());
    result.code = X509_STORE_CTX_get_error(ctx.get());
    result.depth = X509_STORE_CTX_get_error_depth(ctx.get());
    result.ok = rc == 1 && result.code == X509_V_OK;
    result.reason = result.ok ? "ok" : X509_verify_cert_error_string(result.code);
    if (!result.ok && result.code == X509_V_OK)
    {
        result.reason = "verification failed";
        result.code = -1;
    }
    ERR_clear_error();
    return result;
}

} // namespace ipseclab
