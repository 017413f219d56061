"""Zuul's side of a node request, for the real-cluster tier's real Nodepool: what Zuul's scheduler and executor do
with Nodepool's own ZooKeeper module. Submits a node request for the labels given, waits until the launcher fulfills
it, locks its nodes and marks them in-use (a job running on them), prints one JSON line with the request and node
ids, then holds them until its standard input closes: then marks them used and unlocks them (the job ended), as
Zuul does.

  python nodepool_requestor.py HOST:PORT CA CERT KEY LABEL [LABEL ...]
"""
import json
import sys
import time

from nodepool.zk import ZooKeeperClient
from nodepool.zk import zookeeper as zk


def main():
    hosts, ca, cert, key, *labels = sys.argv[1:]
    client = ZooKeeperClient(hosts, tls_ca=ca, tls_cert=cert, tls_key=key)
    client.connect()
    z = zk.ZooKeeper(client, enable_cache=False)
    req = zk.NodeRequest()
    req.state = zk.REQUESTED
    req.requestor = 'pool-reconciler-tier'
    req.node_types = list(labels)
    z.storeNodeRequest(req)
    deadline = time.monotonic() + 120
    while True:
        current = z.getNodeRequest(req.id)
        if current and current.state == zk.FULFILLED:
            break
        if current and current.state == zk.FAILED:
            print(json.dumps({'error': 'the node request failed'}), flush=True)
            return 1
        if time.monotonic() > deadline:
            print(json.dumps({'error': 'the node request was not fulfilled in 120 s'}), flush=True)
            return 1
        time.sleep(0.2)
    nodes = []
    for node_id in current.nodes:
        node = z.getNode(node_id)
        z.lockNode(node, blocking=True, timeout=30)
        node.state = zk.IN_USE
        z.storeNode(node)
        nodes.append(node)
    # Zuul deletes a fulfilled request once it holds the nodes.
    z.deleteNodeRequest(current)
    print(json.dumps({'request': req.id, 'nodes': [n.id for n in nodes]}), flush=True)
    sys.stdin.read()
    for node in nodes:
        node.state = zk.USED
        z.storeNode(node)
        z.unlockNode(node)
    client.disconnect()
    return 0


if __name__ == '__main__':
    sys.exit(main())
