"""Extracts the two real data sets the examples train on, once, from scikit-learn's
bundled data (installed offline from the local package mirror into .venv-tf):

  data/diabetes.csv  442 patients x 10 standardized features + disease progression
                     (the regression set standing in for California housing, which
                     cannot be downloaded here)
  data/digits.csv    1,797 8x8 grey-level images (values 0..16) + their digit labels

Run from the repo root:  .venv-tf/bin/python tools/extract_datasets.py
"""
import csv, os
from sklearn.datasets import load_diabetes, load_digits

os.makedirs('data', exist_ok=True)

d = load_diabetes()
with open('data/diabetes.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(list(d.feature_names) + ['target'])
    for x, y in zip(d.data, d.target):
        w.writerow([repr(float(v)) for v in x] + [repr(float(y))])

g = load_digits()
with open('data/digits.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['p%d' % i for i in range(64)] + ['label'])
    for x, y in zip(g.data, g.target):
        w.writerow([int(v) for v in x] + [int(y)])

print('wrote data/diabetes.csv (%d rows), data/digits.csv (%d rows)' % (len(d.target), len(g.target)))
