#!/usr/bin/python3
"""The best account-level F1 any behaviour-based detector can reach on an AMLSim
folder (transactions.csv + nodes.csv), and why.

A transfer is a *pattern transfer* when both parties are labelled (isFraud)
and its amount lies below every transfer between two unlabelled accounts
(AMLSim draws alert amounts from the alert's own range). An account
labelled isFraud that takes part in no pattern transfer has only ordinary
traffic: no detector can tell it apart. Flagging exactly the accounts with a
pattern transfer is the perfect detector; its F1 is the ceiling.

usage: amlsim_ceiling.py FOLDER [ALERTS.jsonl]
With redflag's alerts file, also prints which pattern accounts redflag misses.
(Debian's /usr/bin/python3 with pandas.)
"""
import json
import sys

import pandas as pd


def main():
    folder = sys.argv[1]
    nodes = pd.read_csv(f"{folder}/nodes.csv")
    tx = pd.read_csv(f"{folder}/transactions.csv")
    fraud = set(nodes.loc[nodes.isFraud == 1, "nodeid"])
    src_f = tx.sourceNodeId.isin(fraud)
    dst_f = tx.targetNodeId.isin(fraud)
    normal_min = tx.loc[~src_f & ~dst_f, "value"].min()
    pat = tx[src_f & dst_f & (tx.value < normal_min)]
    in_pat = set(pat.sourceNodeId) | set(pat.targetNodeId)
    lab = nodes[nodes.isFraud == 1]
    never = lab[~lab.nodeid.isin(in_pat)]
    recall = len(in_pat) / len(fraud)
    print(f"{folder}: {len(fraud)} labelled accounts; {len(pat)} pattern transfers "
          f"(both parties labelled, amount < {normal_min}, the smallest between unlabelled "
          f"accounts) touch {len(in_pat)} of them")
    print(f"  labelled accounts in no pattern transfer: {len(never)} "
          f"(fraudStep -1: {(never.fraudStep == -1).sum()})")
    print(f"  ceiling: precision 1.0, recall {recall:.4f}, F1 {2 * recall / (1 + recall):.4f}")
    if len(sys.argv) > 2:
        flagged = set()
        with open(sys.argv[2]) as f:
            for line in f:
                flagged.update(int(a) for a in json.loads(line)["accounts"])
        tp = len(flagged & fraud)
        p = tp / len(flagged) if flagged else 0
        r = tp / len(fraud)
        f1 = 2 * p * r / (p + r) if tp else 0
        print(f"  redflag: {len(flagged)} accounts flagged, tp {tp}: P {p:.4f} R {r:.4f} "
              f"F1 {f1:.4f}; of the pattern accounts it misses {len(in_pat - flagged)}")


if __name__ == "__main__":
    main()
