import { main, runSubgraphProcess } from '@shop/runtime';

main(() => runSubgraphProcess('pricing'));
