"""Writes a TF 2-style event file (tf.summary.* in eager mode: tensor summaries with plugin
metadata, plus a traced graph) for the board's server tests: test/fixtures/board/tf2_run/.

Run with the TF venv: .venv-tf/bin/python tools/gen_board_fixtures.py
"""
import glob
import json
import os
import shutil

import numpy as np
import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'board')
RUN = os.path.join(OUT, 'tf2_run')


def main():
    shutil.rmtree(RUN, ignore_errors=True)
    os.makedirs(RUN)
    writer = tf.summary.create_file_writer(RUN, filename_suffix='.fixture')
    steps = [0, 5, 10]
    rng = np.random.RandomState(0)

    @tf.function
    def f(x):
        return tf.nn.relu(tf.matmul(x, tf.ones([3, 2])) + 1.0, name='act')

    expected = {'steps': steps, 'scalars': {'loss': [], 'lr': []}, 'histograms': {}, 'text': []}
    with writer.as_default():
        tf.summary.trace_on(graph=True)
        f(tf.zeros([1, 3]))
        tf.summary.trace_export('model_trace', step=0)
        for i, s in enumerate(steps):
            loss = 1.0 / (i + 1)
            lr = 0.5 * (i + 1)
            tf.summary.scalar('loss', loss, step=s)
            tf.summary.scalar('lr', tf.constant(lr, tf.float64), step=s)
            expected['scalars']['loss'].append(float(np.float32(loss)))
            expected['scalars']['lr'].append(lr)
            data = np.array([0.0, 1.0, 1.0, 2.0, 3.0 + i], dtype=np.float32)
            tf.summary.histogram('weights', data, step=s, buckets=4)
            img = np.full((2, 2, 4, 3), 0.25 * (i + 1), dtype=np.float32)
            tf.summary.image('pics', img, step=s, max_outputs=2)
            audio = np.sin(np.linspace(0, 3, 16, dtype=np.float32)).reshape(1, 16, 1)
            tf.summary.audio('tone', audio, sample_rate=8000, step=s)
            tf.summary.text('notes', 'step **%d**' % s, step=s)
            expected['text'].append('step **%d**' % s)
    writer.flush()
    writer.close()
    files = glob.glob(os.path.join(RUN, '*tfevents*'))
    assert len(files) == 1, files
    os.rename(files[0], os.path.join(RUN, 'events.out.tfevents.1700000001.tf2.fixture'))
    expected['tf_version'] = tf.__version__
    with open(os.path.join(OUT, 'tf2_run.json'), 'w') as fh:
        json.dump(expected, fh, indent=1)


if __name__ == '__main__':
    main()
