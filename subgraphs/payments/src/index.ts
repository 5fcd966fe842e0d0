import { runSubgraphProcess } from '@shop/runtime';
import { main } from '@shop/server';

main(() => runSubgraphProcess('payments'));
