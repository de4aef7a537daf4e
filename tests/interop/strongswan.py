"""A private strongSwan charon and the lab's live-peer scenario in one network namespace.

Everything lives in a namespace of its own (unique name): a TAP "ipseclab0" with the peer's
address 192.0.2.1/24 (the lab's node is 192.0.2.2 on the other end of the TAP), the peer's inner
address 10.1.0.1 on lo, charon with a private strongswan.conf (STRONGSWAN_CONF), swanctl.conf,
vici socket and /run (a private mount namespace, so its pid file is its own), and a UDP echo
service on 10.1.0.1:7. charon runs with kernel-libipsec: ESP in user space, always
UDP-encapsulated (encap = yes), so nothing depends on the kernel's XFRM. Every process started
here is killed by PID and the namespace removed in close(), also when a test fails."""
import os
import pathlib
import re
import shutil
import signal
import subprocess
import time

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
CHARON = pathlib.Path("/usr/lib/ipsec/charon")
SWANCTL = shutil.which("swanctl") or "/usr/sbin/swanctl"
PEER, LAB, PEER_INNER, LAB_INNER = "192.0.2.1", "192.0.2.2", "10.1.0.1", "10.2.0.1"
TAP = "ipseclab0"

STRONGSWAN_CONF = """charon {{
  load_modular = no
  load = random nonce openssl kdf pem pkcs1 pkcs8 x509 pubkey constraints attr kernel-libipsec kernel-netlink socket-default vici
  install_virtual_ip = yes
  retransmit_timeout = 2
  retransmit_tries = 3
  filelog {{
    charonlog {{
      path = {dir}/charon.log
      default = 1
      ike = 2
      cfg = 2
      flush_line = yes
    }}
  }}
  plugins {{
    vici {{
      socket = unix://{dir}/charon.vici
    }}
    kernel-libipsec {{
      allow_peer_ts = no
    }}
  }}
}}
swanctl {{
  load = random nonce openssl pem pkcs1 pkcs8 x509 pubkey
}}
"""

ECHO = """
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 7))
while True:
    data, peer = s.recvfrom(4096)
    s.sendto(data, peer)
"""

SEND = """
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
s.settimeout(1.0)
echoed = 0
for i in range(int(sys.argv[3])):
    s.sendto(b"charon-probe-%d" % i, (sys.argv[2], 7))
    try:
        if s.recv(4096) == b"charon-probe-%d" % i:
            echoed += 1
    except socket.timeout:
        pass
print(echoed)
"""


def unavailable():
    """Why the interop tests cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (network namespaces, TAP devices)"
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun is missing"
    if not CHARON.exists() or not os.path.exists(SWANCTL):
        return "strongSwan is not installed (./lab setup installs strongswan-charon etc.)"
    if not (SCENARIOS / "live-peer").exists():
        return f"{SCENARIOS / 'live-peer'} is not built"
    name = f"iplprobe{os.getpid()}"
    result = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True)
    if result.returncode != 0:
        return "cannot create a network namespace: " + result.stderr.strip()
    subprocess.run(["ip", "netns", "del", name], capture_output=True)
    return None


class Namespace:
    """A network namespace with the TAP, charon and the echo service; close() removes all."""

    counter = 0

    def __init__(self, directory):
        Namespace.counter += 1
        self.name = f"ipl{os.getpid()}n{Namespace.counter}"
        self.dir = pathlib.Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.processes = []
        self.run(["ip", "netns", "add", self.name], netns=False)
        try:
            self.run(["ip", "link", "set", "lo", "up"])
            self.run(["ip", "tuntap", "add", "dev", TAP, "mode", "tap"])
            self.run(["ip", "addr", "add", f"{PEER}/24", "dev", TAP])
            self.run(["ip", "link", "set", TAP, "up"])
            self.run(["ip", "addr", "add", f"{PEER_INNER}/32", "dev", "lo"])
            self.run(["ip", "addr", "add", "10.1.0.2/32", "dev", "lo"])  # the second child's
            self.start_charon()
            self.spawn(["/usr/bin/python3", "-c", ECHO, PEER_INNER], "echo")
        except BaseException:
            self.close()
            raise

    def command(self, argv):
        return ["ip", "netns", "exec", self.name, *argv]

    def run(self, argv, netns=True, check=True, timeout=30):
        result = subprocess.run(self.command(argv) if netns else argv, capture_output=True,
                                text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: {result.stdout}{result.stderr}")
        return result

    def spawn(self, argv, name, env=None):
        log = open(self.dir / f"{name}.out", "w")
        process = subprocess.Popen(self.command(argv), stdout=log, stderr=subprocess.STDOUT,
                                   env=env, start_new_session=True)
        self.processes.append(process)
        return process

    def start_charon(self):
        (self.dir / "strongswan.conf").write_text(STRONGSWAN_CONF.format(dir=self.dir))
        for stale in ("charon.log", "charon.vici"):  # from an earlier run into the same place
            (self.dir / stale).unlink(missing_ok=True)
        env = dict(os.environ, STRONGSWAN_CONF=str(self.dir / "strongswan.conf"))
        # A private /run: charon's pid file (/run/charon.pid) is then its own.
        self.charon = self.spawn(["unshare", "--mount", "sh", "-c",
                                  f"mount -t tmpfs none /run && exec {CHARON}"], "charon", env)
        deadline = time.time() + 10
        while not (self.dir / "charon.vici").exists():
            if self.charon.poll() is not None or time.time() > deadline:
                raise RuntimeError("charon did not start: " +
                                   (self.dir / "charon.out").read_text())
            time.sleep(0.1)

    def swanctl(self, *args, check=True):
        return self.run([SWANCTL, *args, "--uri", f"unix://{self.dir}/charon.vici"],
                        check=check).stdout

    def load(self, swanctl_conf, pki=None):
        """Loads a swanctl.conf (and the lab CA's PEM files for certificates)."""
        conf_dir = self.dir / "swanctl"
        for sub in ("x509", "x509ca", "private"):
            (conf_dir / sub).mkdir(parents=True, exist_ok=True)
        if pki:
            shutil.copy(pki / "ca.pem", conf_dir / "x509ca" / "ca.pem")
            shutil.copy(pki / "peer.pem", conf_dir / "x509" / "peer.pem")
            shutil.copy(pki / "peer.key", conf_dir / "private" / "peer.key")
        (conf_dir / "swanctl.conf").write_text(swanctl_conf)
        return self.swanctl("--load-all", "--file", str(conf_dir / "swanctl.conf"))

    def list_sas(self):
        """swanctl --list-sas --raw as {ike_name: text of its SA}; raw is vici's own notation."""
        return self.swanctl("--list-sas", "--raw")

    def send_probes(self, source, count):
        """UDP probes from source (an address in the namespace) to the lab's inner echo."""
        result = self.run(["/usr/bin/python3", "-c", SEND, source, LAB_INNER, str(count)],
                          timeout=count * 2 + 10)
        return int(result.stdout.strip() or 0)

    def charon_version(self):
        result = subprocess.run([str(CHARON), "--version"], capture_output=True, text=True)
        return (result.stdout + result.stderr).strip()

    def close(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)


def live_peer(ns, out, *options, duration):
    """Starts live-peer in the namespace (duration in wall-clock seconds); the Popen."""
    argv = [str(SCENARIOS / "live-peer"), f"--out={out}", f"--tap={TAP}",
            f"--address={LAB}/24", f"--peer={PEER}", f"--inner={LAB_INNER}",
            f"--peerInner={PEER_INNER}", f"--duration={duration}", *options]
    return ns.spawn(argv, "live-peer")


def sa_states(raw):
    """The IKE and CHILD states in swanctl --list-sas --raw output."""
    return re.findall(r"\bstate=([A-Z_]+)", raw)
