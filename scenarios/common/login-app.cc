#include "login-app.h"

#include <ns3/inet-socket-address.h>
#include <ns3/log.h>
#include <ns3/packet.h>
#include <ns3/tcp-socket-factory.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LoginApp");
NS_OBJECT_ENSURE_REGISTERED(LoginServer);
NS_OBJECT_ENSURE_REGISTERED(LoginClient);

namespace
{

void
SendText(Ptr<Socket> socket, const std::string& text)
{
    socket->Send(Create<Packet>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

std::string
ReadAll(Ptr<Socket> socket)
{
    std::string text;
    while (Ptr<Packet> p = socket->Recv())
    {
        std::string part(p->GetSize(), '\0');
        p->CopyData(reinterpret_cast<uint8_t*>(&part[0]), part.size());
        text += part;
    }
    return text;
}

/// Takes one "\r\n"-terminated line off the front of `buffer`; false if none is complete.
bool
TakeLine(std::string& buffer, std::string& line)
{
    const size_t end = buffer.find("\r\n");
    if (end == std::string::npos)
    {
        return false;
    }
    line = buffer.substr(0, end);
    buffer.erase(0, end + 2);
    return true;
}

bool
EndsWith(const std::string& text, const std::string& tail)
{
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

TypeId
LoginServer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LoginServer")
                            .SetParent<Application>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<LoginServer>();
    return tid;
}

LoginServer::LoginServer() = default;

void
LoginServer::SetAccount(const std::string& user, const std::string& password)
{
    m_user = user;
    m_password = password;
}

void
LoginServer::StartApplication()
{
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&LoginServer::OnAccept, this));
}

void
LoginServer::StopApplication()
{
    if (m_listener)
    {
        m_listener->Close();
    }
    for (auto& [socket, session] : m_sessions)
    {
        socket->Close();
    }
    m_sessions.clear();
}

void
LoginServer::OnAccept(Ptr<Socket> socket, const Address&)
{
    m_sessions[socket] = Session();
    socket->SetRecvCallback(MakeCallback(&LoginServer::OnReceive, this));
    SendText(socket, m_hostName + " login: ");
}

void
LoginServer::OnReceive(Ptr<Socket> socket)
{
    Session& s = m_sessions[socket];
    s.buffer += ReadAll(socket);
    std::string line;
    while (s.stage < 2 && TakeLine(s.buffer, line))
    {
        if (s.stage == 0)
        {
            s.user = line;
            s.stage = 1;
            SendText(socket, "password: ");
        }
        else
        {
            s.stage = 2;
            if (s.user == m_user && line == m_password)
            {
                ++m_logins;
                SendText(socket, "Welcome to " + m_hostName + ", " + s.user + ".\r\n");
            }
            else
            {
                ++m_failures;
                SendText(socket, "Login incorrect\r\n");
            }
            socket->Close();
        }
    }
}

TypeId
LoginClient::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LoginClient")
                            .SetParent<Application>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<LoginClient>();
    return tid;
}

LoginClient::LoginClient() = default;

void
LoginClient::SetServer(Ipv4Address address, uint16_t port)
{
    m_server = address;
    m_port = port;
}

void
LoginClient::SetCredentials(const std::string& user, const std::string& password)
{
    m_user = user;
    m_password = password;
}

void
LoginClient::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->SetRecvCallback(MakeCallback(&LoginClient::OnReceive, this));
    m_socket->Connect(InetSocketAddress(m_server, m_port));
}

void
LoginClient::StopApplication()
{
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
LoginClient::OnReceive(Ptr<Socket> socket)
{
    const std::string text = ReadAll(socket);
    m_received += text;
    if (m_stage == 0 && EndsWith(m_received, "login: "))
    {
        m_stage = 1;
        SendText(socket, m_user + "\r\n");
    }
    else if (m_stage == 1 && EndsWith(m_received, "password: "))
    {
        m_stage = 2;
        SendText(socket, m_password + "\r\n");
    }
    else if (m_stage == 2)
    {
        const size_t start = m_received.rfind("password: ");
        std::string rest = m_received.substr(start + 10);
        std::string line;
        if (TakeLine(rest, line))
        {
            m_greeting = line;
            m_stage = 3;
            socket->Close();
        }
    }
}

} // namespace ns3
