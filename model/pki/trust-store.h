// Root CAs a node trusts, and path validation (RFC 5280 6) at a given time. The time is
// passed in (kPkiEpoch + simulation time), never read from the clock, so a run verifies the
// same way whenever it is replayed.
#ifndef IPSECLAB_PKI_TRUST_STORE_H
#define IPSECLAB_PKI_TRUST_STORE_H

#include "pki/certificate.h"

#include <string>
#include <vector>

namespace ipseclab
{

struct VerifyResult
{
    bool ok = false;
    /// "ok" or OpenSSL's text: "unable to get local issuer certificate",
    /// "certificate has expired", "certificate is not yet valid", ...
    std::string reason;
    /// X509_V_ERR_* (0 when ok), for programs that branch on it.
    int code = 0;
    /// Depth in the chain where it failed (0 = end entity).
    int depth = 0;
};

class TrustStore
{
  public:
    /// PkiError when the certificate is not a CA.
    void AddRoot(const Certificate& root);
    const std::vector<Certificate>& GetRoots() const;

    /// Builds and checks a path from endEntity through intermediates to a root at time
    /// (seconds since 1970). Never throws for bad chains: the result says why. Like OpenSSL,
    /// a certificate is valid in [notBefore, notAfter): the notAfter second is expired.
    VerifyResult Verify(const Certificate& endEntity, const std::vector<Certificate>& intermediates,
                        int64_t time) const;

  private:
    std::vector<Certificate> m_roots;
};

} // namespace ipseclab

#endif
