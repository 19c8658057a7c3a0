// Seed 004 ("the introduction I wish I had been given"): nodes, sessions, fetch lists,
// placeholders and their errors, variables and initializers, and tf.Print — ported
// line by line. (The linear regression comes with the training issue.)

import * as tf from '../../src/index.js';
import { print, printError } from './py.js';

export function main(): void {
  tf.resetDefaultGraph();
  {
    const twoNode = tf.constant(2);
    print(twoNode);
  }
  tf.resetDefaultGraph();
  {
    const twoNode = tf.constant(2);
    const threeNode = tf.constant(3);
    const sumNode = twoNode.add(threeNode);
    const sess = new tf.Session();
    print(sess.run(sumNode));
    print(sess.run([twoNode, sumNode]));
  }
  tf.resetDefaultGraph();
  {
    const inputPlaceholder = tf.placeholder(tf.int32);
    const sess = new tf.Session();
    printError(() => sess.run(inputPlaceholder));
    print(sess.run(inputPlaceholder, [[inputPlaceholder, 2]]));
  }
  tf.resetDefaultGraph();
  {
    tf.placeholder(tf.int32);
    tf.placeholder(tf.int32);
    const inputPlaceholder = tf.placeholder(tf.int32);
    const threeNode = tf.constant(3);
    const sumNode = inputPlaceholder.add(threeNode);
    const sess = new tf.Session();
    print(sess.run(threeNode));
    printError(() => sess.run(sumNode));
  }
  tf.resetDefaultGraph();
  {
    const countVariable = tf.getVariable('count', []);
    const sess = new tf.Session();
    printError(() => sess.run(countVariable));
  }
  tf.resetDefaultGraph();
  {
    const countVariable = tf.getVariable('count', []);
    const zeroNode = tf.constant(0.0, tf.float32);
    const assignNode = tf.assign(countVariable, zeroNode);
    const sess = new tf.Session();
    sess.run(assignNode);
    print(sess.run(countVariable));
  }
  tf.resetDefaultGraph();
  {
    const constInitNode = tf.constantInitializer(0.0);
    const countVariable = tf.getVariable('count', [], { initializer: constInitNode });
    const sess = new tf.Session();
    printError(() => sess.run([countVariable]));
  }
  tf.resetDefaultGraph();
  {
    const constInitNode = tf.constantInitializer(0.0);
    const countVariable = tf.getVariable('count', [], { initializer: constInitNode });
    const init = tf.globalVariablesInitializer();
    const sess = new tf.Session();
    sess.run(init);
    print(sess.run(countVariable));
  }
  // tf.Print: on the computation path it prints
  tf.resetDefaultGraph();
  {
    const twoNode = tf.constant(2);
    const threeNode = tf.constant(3);
    const sumNode = twoNode.add(threeNode);
    const sess = new tf.Session();
    const [answer, inspection] = sess.run([sumNode, [twoNode, threeNode]]);
    print(inspection);
    print(answer);
    const printSumNode = tf.Print(sumNode, [twoNode, threeNode]);
    print(sess.run(printSumNode));
  }
  // ... and off the path it does not
  tf.resetDefaultGraph();
  {
    const twoNode = tf.constant(2);
    const threeNode = tf.constant(3);
    const sumNode = twoNode.add(threeNode);
    tf.Print(twoNode, [twoNode, threeNode, sumNode]);
    const sess = new tf.Session();
    print(sess.run(sumNode));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
