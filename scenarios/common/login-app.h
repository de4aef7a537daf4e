// A tiny telnet-like login protocol over TCP, cleartext by design (like telnet, rlogin or FTP's
// USER/PASS): the server prompts "login: " and "password: ", the client answers each with a line,
// the server greets or refuses and closes. What an eavesdropper reads is the point.
#ifndef IPSECLAB_LOGIN_APP_H
#define IPSECLAB_LOGIN_APP_H

#include <ns3/application.h>
#include <ns3/ipv4-address.h>
#include <ns3/socket.h>

#include <map>
#include <string>

namespace ns3
{

class LoginServer : public Application
{
  public:
    static TypeId GetTypeId();
    LoginServer();
    void SetAccount(const std::string& user, const std::string& password);
    void SetPort(uint16_t port) { m_port = port; }
    void SetHostName(const std::string& name) { m_hostName = name; }
    uint32_t GetLogins() const { return m_logins; }
    uint32_t GetFailures() const { return m_failures; }

  private:
    struct Session
    {
        std::string buffer;
        int stage = 0; ///< 0: waiting for the user name, 1: for the password, 2: done
        std::string user;
    };
    void StartApplication() override;
    void StopApplication() override;
    void OnAccept(Ptr<Socket> socket, const Address& from);
    void OnReceive(Ptr<Socket> socket);

    uint16_t m_port = 23;
    std::string m_user = "alice";
    std::string m_password = "s3cret";
    std::string m_hostName = "server";
    Ptr<Socket> m_listener;
    std::map<Ptr<Socket>, Session> m_sessions;
    uint32_t m_logins = 0;
    uint32_t m_failures = 0;
};

class LoginClient : public Application
{
  public:
    static TypeId GetTypeId();
    LoginClient();
    void SetServer(Ipv4Address address, uint16_t port);
    void SetCredentials(const std::string& user, const std::string& password);
    /// The server's last line ("Welcome ..." or "Login incorrect"), empty until it came.
    const std::string& GetGreeting() const { return m_greeting; }
    bool IsLoggedIn() const { return m_greeting.rfind("Welcome", 0) == 0; }
    /// Everything the client received, in order.
    const std::string& GetTranscript() const { return m_received; }

  private:
    void StartApplication() override;
    void StopApplication() override;
    void OnReceive(Ptr<Socket> socket);

    Ipv4Address m_server;
    uint16_t m_port = 23;
    std::string m_user = "alice";
    std::string m_password = "s3cret";
    Ptr<Socket> m_socket;
    std::string m_received;
    int m_stage = 0; ///< 0: waiting for "login: ", 1: for "password: ", 2: for the greeting
    std::string m_greeting;
};

} // namespace ns3

#endif
