"""Tutorial 5: recompute the IKE SA and Child SA keys (and gwA's AUTH) from the events."""
import json, sys, ipseclab
ev=[json.loads(l) for l in open(sys.argv[1] if len(sys.argv) > 1 else 'results/site-to-site/events.jsonl')]
def payloads(msg):
    # walk the IKE payload chain: returns {type: body}
    nxt=msg[16]; off=28; out={}
    while nxt and off < len(msg):
        n=msg[off]; ln=int.from_bytes(msg[off+2:off+4],'big')
        out.setdefault(nxt, msg[off+4:off+ln]); nxt=n; off+=ln
        if nxt==46: break
    return out
req=next(e for e in ev if e['kind']=='message-sent' and e['exchange']=='IKE_SA_INIT' and not e['response'])
resp=next(e for e in ev if e['kind']=='message-sent' and e['exchange']=='IKE_SA_INIT' and e['response'])
ni=payloads(bytes.fromhex(req['bytes']))[40]; nr=payloads(bytes.fromhex(resp['bytes']))[40]
dh=next(e for e in ev if e['kind']=='dh' and e['node_name']=='gwA')
spi_i=bytes.fromhex(dh['spi_i']); spi_r=bytes.fromhex(dh['spi_r'])
gir=bytes.fromhex(dh['shared_secret'])
k=ipseclab.derive_ike_sa_keys("prfsha256", ni, nr, gir, spi_i, spi_r, ipseclab.KeyLengths.for_ike("aes256gcm16-prfsha256-ecp256"))
logged={e['name']:e['value'] for e in ev if e['kind']=='key-derived' and e['node_name']=='gwA' and e['spi_i']==dh['spi_i']}
for n,v in [('SKEYSEED',k.skeyseed),('SK_d',k.sk_d),('SK_ei',k.sk_ei),('SK_er',k.sk_er),('SK_pi',k.sk_pi),('SK_pr',k.sk_pr)]:
    print(n, v.hex()==logged[n])
c=ipseclab.derive_child_sa_keys("prfsha256", k.sk_d, ni, nr, (20,0))
print('KEYMAT (Child SA, initiator->responder key)', c.encryption_initiator.hex() == logged['KEYMAT'][:40])
out=next(e for e in ev if e['kind']=='install' and e['node_name']=='gwA' and e['direction']=='outbound')
print('Child SA key installed by gwA (sad/install)', c.encryption_initiator.hex() == out['encryption_key'])
rest=bytes([2,0,0,0])+b"gw-a.example"
a=ipseclab.compute_shared_key_auth("prfsha256", b"classroom secret", bytes.fromhex(req['bytes']), nr, k.sk_pi, rest)
ac=next(e for e in ev if e['kind']=='auth-computed' and e['node_name']=='gwA')
print('AUTH of gwA (PSK)', a.auth.hex() == ac['auth'])
