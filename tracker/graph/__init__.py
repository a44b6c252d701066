"""The relationship graph: people, bodies and bills as a networkx graph, its measures, layout and export."""
